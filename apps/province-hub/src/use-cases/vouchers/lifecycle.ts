import { chinaToday, DomainError } from "@pes/core";
import { personKeyOf, type VoucherStatus } from "@pes/schemas";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { voucherPolicies, voucherProviders, vouchers } from "../../db/tables/vouchers.js";
import { allowedFrom, transition, type VoucherAction } from "../../domain/vouchers/state.js";
import type { UseCaseContext } from "../context.js";
import { assertServes } from "./gateways.js";
import { recordChanges, type VoucherRow } from "./record.js";

/** A 409 that names the voucher's current status, and no more: not who redeemed it. */
export class VoucherConflict extends DomainError {
  constructor(
    readonly voucherId: string,
    readonly voucherStatus: VoucherStatus,
    message: string,
  ) {
    // `status` is the HTTP status in RFC 9457, so the voucher's is voucherStatus.
    super("conflict", "voucher-conflict", message, { extensions: { voucherId, voucherStatus } });
  }
}

export async function voucherById(
  { db }: Pick<UseCaseContext, "db">,
  { id }: { id: string },
): Promise<VoucherRow> {
  const [row] = await db.select().from(vouchers).where(eq(vouchers.id, id));
  if (!row) throw new DomainError("not_found", "voucher-not-found", `No voucher ${id}`);
  return row;
}

/** Why `action` cannot be done now, for a voucher the conditional UPDATE did not match. */
function refusal(v: VoucherRow, action: VoucherAction, today: string): VoucherConflict {
  const step = transition(v.status, action);
  if (v.status === "redeemed" || v.status === "settled")
    return new VoucherConflict(v.id, v.status, "The voucher has already been redeemed");
  if (step.ok && v.expiresOn < today)
    return new VoucherConflict(v.id, v.status, `The voucher expired at the end of ${v.expiresOn}`);
  return new VoucherConflict(v.id, v.status, step.ok ? "The voucher changed meanwhile" : step.reason);
}

const mismatch = () =>
  new DomainError("invalid", "voucher-holder-mismatch", "The person is not the voucher's holder", {
    errors: [{ path: "personKey", in: "body", message: "Not the holder of this voucher" }],
  });

/** 领取 through the social-security card: the ID number must be the holder's. Claiming again is a no-op. */
export async function claim(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "personKeySecret" | "actor">,
  { voucherId: id, idNumber }: { voucherId: string; idNumber: string },
): Promise<{ voucher: VoucherRow; replayed: boolean }> {
  const { db, actor } = ctx;
  const before = await voucherById(ctx, { id });
  if (personKeyOf(idNumber, ctx.personKeySecret) !== before.personKey)
    throw new DomainError("invalid", "voucher-holder-mismatch", "The ID number is not the voucher holder's", {
      errors: [{ path: "idNumber", in: "body", message: "Not the holder of this voucher" }],
    });
  const today = chinaToday();
  return db.transaction(async (tx) => {
    const [voucher] = await tx
      .update(vouchers)
      .set({ status: "claimed", step: sql`${vouchers.step} + 1`, claimedAt: new Date() })
      .where(
        and(
          eq(vouchers.id, id),
          inArray(vouchers.status, allowedFrom("claim")),
          gte(vouchers.expiresOn, today),
        ),
      )
      .returning();
    if (voucher) {
      await recordChanges(tx, ctx, [{ voucher, actor, details: { channel: "social-security-card" } }]);
      return { voucher, replayed: false };
    }
    const now = await voucherById({ db: tx }, { id });
    if (now.status === "claimed") return { voucher: now, replayed: true };
    throw refusal(now, "claim", today);
  });
}

export interface Redemption {
  providerId: string;
  personKey: string;
  serviceRef?: string | undefined;
  marketId?: string | undefined;
}

/**
 * 核销, exactly once: a conditional UPDATE ... WHERE status = 'claimed' commits with its trail row and
 * events, so of two concurrent redemptions one matches and the other finds it redeemed. The same
 * provider retrying with the same service reference gets the voucher back (replayed).
 *
 * The context's `gatewayId` is the caller's operator id when a gateway redeems: it must speak for the
 * provider (403 provider-not-served), checked first, before the voucher is even looked at. Operators
 * and admins redeem on any provider's behalf.
 */
export async function redeem(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "actor" | "gatewayId">,
  { voucherId: id, ...input }: Redemption & { voucherId: string },
): Promise<{ voucher: VoucherRow; replayed: boolean }> {
  const { db, actor, gatewayId } = ctx;
  if (gatewayId !== undefined) await assertServes(ctx, { gatewayId, providerId: input.providerId });
  const before = await voucherById(ctx, { id });
  if (input.personKey !== before.personKey) throw mismatch();
  const [policy] = await db
    .select({ providers: voucherPolicies.eligibleProviders })
    .from(voucherPolicies)
    .where(eq(voucherPolicies.id, before.policyId));
  const [provider] = await db
    .select()
    .from(voucherProviders)
    .where(eq(voucherProviders.id, input.providerId));
  if (!provider || !policy?.providers.includes(input.providerId))
    throw new DomainError(
      "forbidden",
      "provider-not-eligible",
      `Provider ${input.providerId} may not redeem vouchers of policy ${before.policyId}`,
    );
  // A gig market's provider id is its market id.
  const marketId = input.marketId ?? (provider.kind === "gig-market" ? provider.id : null);
  const serviceRef = input.serviceRef ?? null;
  const today = chinaToday();
  return db.transaction(async (tx) => {
    const [voucher] = await tx
      .update(vouchers)
      .set({
        status: "redeemed",
        step: sql`${vouchers.step} + 1`,
        redeemedAt: new Date(),
        redeemedBy: input.providerId,
        marketId,
        serviceRef,
      })
      .where(
        and(
          eq(vouchers.id, id),
          inArray(vouchers.status, allowedFrom("redeem")),
          gte(vouchers.expiresOn, today),
        ),
      )
      .returning();
    if (voucher) {
      await recordChanges(tx, ctx, [
        { voucher, actor, details: { providerId: input.providerId, marketId, serviceRef } },
      ]);
      return { voucher, replayed: false };
    }
    const now = await voucherById({ db: tx }, { id });
    const redeemed = now.status === "redeemed" || now.status === "settled";
    if (redeemed && now.redeemedBy === input.providerId && now.serviceRef === serviceRef)
      return { voucher: now, replayed: true };
    throw refusal(now, "redeem", today);
  });
}

/** 撤销 by an operator, from issued or claimed, with the reason on the trail and the event. */
export async function revoke(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "actor">,
  { voucherId: id, reason }: { voucherId: string; reason: string },
): Promise<VoucherRow> {
  const { db, actor } = ctx;
  await voucherById(ctx, { id });
  return db.transaction(async (tx) => {
    const [voucher] = await tx
      .update(vouchers)
      .set({ status: "revoked", step: sql`${vouchers.step} + 1`, endedAt: new Date(), revokeReason: reason })
      .where(and(eq(vouchers.id, id), inArray(vouchers.status, allowedFrom("revoke"))))
      .returning();
    if (!voucher) throw refusal(await voucherById({ db: tx }, { id }), "revoke", chinaToday());
    await recordChanges(tx, ctx, [{ voucher, actor, details: { reason } }]);
    return voucher;
  });
}

/** 过期: every issued or claimed voucher whose last valid day is before `asOf`, in batches. */
export async function expireVouchers(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "actor">,
  { asOf }: { asOf: string },
): Promise<{ expired: number }> {
  const { db, actor } = ctx;
  let expired = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = tx
        .select({ id: vouchers.id })
        .from(vouchers)
        .where(and(inArray(vouchers.status, allowedFrom("expire")), lt(vouchers.expiresOn, asOf)))
        .limit(500)
        .for("update", { skipLocked: true });
      const rows = await tx
        .update(vouchers)
        .set({ status: "expired", step: sql`${vouchers.step} + 1`, endedAt: new Date() })
        .where(and(inArray(vouchers.id, due), inArray(vouchers.status, allowedFrom("expire"))))
        .returning();
      await recordChanges(
        tx,
        ctx,
        rows.map((voucher) => ({ voucher, actor, details: { asOf } })),
      );
      return rows.length;
    });
    expired += batch;
    if (batch === 0) return { expired };
  }
}
