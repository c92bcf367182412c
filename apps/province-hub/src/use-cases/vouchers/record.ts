import { chinaDate } from "@pes/core";
import { sourceOf, topics, type VoucherStep, voucherEvent, voucherNotice } from "@pes/schemas";
import type { Publication } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { gigMarkets } from "../../db/tables/needs.js";
import { voucherPolicies, type vouchers, voucherTrail } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";
import { sendWithEvidence } from "../evidence/log.js";
import { flowback } from "../flowback/publish.js";
import { personRefsOf } from "../ingest/persons.js";

export type VoucherRow = typeof vouchers.$inferSelect;

/** One state change just written to hub_vouchers: who made it and what the trail should say. */
export interface Change {
  voucher: VoucherRow;
  actor: string;
  details?: Record<string, unknown>;
  /** For a settlement: the payment reference the event carries. */
  paymentRef?: string;
}

/**
 * 服务过程全记录: for each change, in the caller's transaction, one trail row, one voucher-event
 * (revision = the voucher's step) and the voucher-notice flow-back to the holder's city and the
 * gig markets concerned, each sealed for its receiver. Nothing is written unless all of it is.
 */
export async function recordChanges(
  tx: Database,
  { cipher, sealer }: Pick<UseCaseContext, "cipher" | "sealer">,
  changes: readonly Change[],
) {
  if (changes.length === 0) return;
  await tx.insert(voucherTrail).values(
    changes.map(({ voucher: v, actor, details }) => ({
      voucherId: v.id,
      step: v.step,
      status: v.status,
      at: atOf(v),
      actor,
      details: details ?? {},
    })),
  );
  const persons = await personRefsOf(tx, cipher, [...new Set(changes.map((c) => c.voucher.personKey))]);
  const providersOf = await eligibleProviders(tx, changes);
  const markets = await tx
    .select()
    .from(gigMarkets)
    .where(
      sql`${gigMarkets.cityCode} = any(${sql.param([...new Set(changes.map((c) => c.voucher.cityCode))])}::text[])`,
    );
  const publications: Publication[] = [];
  for (const change of changes) {
    const v = change.voucher;
    const person = persons.get(v.personKey);
    // Vouchers are only issued to persons the hub holds; a missing one is a bug, not data to skip.
    if (!person) throw new Error(`voucher ${v.id}: the holder is not in hub_persons`);
    const base = {
      id: v.id,
      revision: v.step,
      cityCode: v.cityCode,
      ...(v.districtCode ? { districtCode: v.districtCode } : {}),
      recordedAt: atOf(v).toISOString(),
      person,
      voucherId: v.id,
      policyId: v.policyId,
      amountFen: v.amountFen,
    };
    publications.push({
      definition: voucherEvent,
      data: { ...base, event: stepOf(v, change.paymentRef) },
      topic: topics.provinceVouchers(),
      source: sourceOf.province(),
    });
    const notice = {
      ...base,
      status: v.status,
      expiresOn: v.expiresOn,
      ...(v.marketId ? { marketId: v.marketId } : {}),
      changedAt: atOf(v).toISOString(),
    };
    publications.push(flowback.cityPublication(v.cityCode, voucherNotice, notice));
    for (const marketId of marketsToTell(v, providersOf.get(v.policyId) ?? [], markets))
      publications.push(flowback.marketPublication(marketId, voucherNotice, notice));
  }
  await sendWithEvidence(tx, publications, sealer);
}

/**
 * The gig markets of the holder's district that may redeem the voucher, while it is usable and when
 * it stops being usable (so a market told of it learns it is gone), and the market it was redeemed at.
 * A settlement is between the hub and the provider: no market is told.
 */
function marketsToTell(
  v: VoucherRow,
  providers: readonly string[],
  markets: ReadonlyArray<typeof gigMarkets.$inferSelect>,
): string[] {
  if (v.status === "settled") return [];
  const told = new Set<string>();
  for (const m of markets) {
    if (m.cityCode !== v.cityCode || !providers.includes(m.marketId)) continue;
    if (!v.districtCode || m.districtCodes.includes(v.districtCode)) told.add(m.marketId);
  }
  // Only a market the hub knows: a caller's marketId never makes the hub create a topic.
  if (v.status === "redeemed" && markets.some((m) => m.marketId === v.marketId)) told.add(v.marketId!);
  return [...told].sort();
}

async function eligibleProviders(tx: Database, changes: readonly Change[]) {
  const ids = [...new Set(changes.map((c) => c.voucher.policyId))];
  const rows = await tx
    .select({ id: voucherPolicies.id, providers: voucherPolicies.eligibleProviders })
    .from(voucherPolicies)
    .where(sql`${voucherPolicies.id} = any(${sql.param(ids)}::text[])`);
  return new Map(rows.map((r) => [r.id, r.providers]));
}

/** When the voucher entered its current status. */
function atOf(v: VoucherRow): Date {
  switch (v.status) {
    case "issued":
      return v.issuedAt;
    case "claimed":
      return v.claimedAt!;
    case "redeemed":
      return v.redeemedAt!;
    case "settled":
      return v.settledAt!;
    default:
      return v.endedAt!;
  }
}

/** The contract's step for the voucher's current status. */
function stepOf(v: VoucherRow, paymentRef?: string): VoucherStep {
  const at = atOf(v).toISOString();
  switch (v.status) {
    case "issued":
      return { type: "issued", issuedAt: at, expiresOn: v.expiresOn };
    case "claimed":
      return { type: "claimed", claimedAt: at };
    case "redeemed":
      return {
        type: "redeemed",
        redeemedAt: at,
        providerId: v.redeemedBy!,
        ...(v.marketId ? { marketId: v.marketId } : {}),
        ...(v.serviceRef ? { serviceRef: v.serviceRef } : {}),
      };
    case "settled":
      return { type: "settled", settledAt: at, providerId: v.redeemedBy!, paymentRef: paymentRef! };
    case "expired":
      return { type: "expired", expiredOn: chinaDate(new Date(at)) };
    case "revoked":
      return { type: "revoked", revokedAt: at, reason: v.revokeReason ?? "revoked" };
  }
}
