import { createHash, randomBytes, randomUUID } from "node:crypto";
import { chinaToday, DomainError } from "@pes/core";
import { toCsv } from "@pes/core/csv";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { voucherProviders, voucherSettlements, vouchers } from "../../db/tables/vouchers.js";
import { allowedFrom } from "../../domain/vouchers/state.js";
import type { UseCaseContext } from "../context.js";
import { recordChanges } from "./record.js";
import { holderText, viewsOf } from "./view.js";

export type SettlementRow = typeof voucherSettlements.$inferSelect;

/**
 * 拨付: every voucher the provider redeemed up to the end of `through` (China time) and not yet
 * settled, paid in one batch under one payment reference, with the file the payment is made from.
 * Two runs at once cannot settle a voucher twice: the UPDATE matches only status = 'redeemed'.
 */
export async function settle(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "actor">,
  { providerId, through }: { providerId: string; through: string },
): Promise<SettlementRow> {
  const { db, cipher, actor } = ctx;
  const [provider] = await db.select().from(voucherProviders).where(eq(voucherProviders.id, providerId));
  if (!provider)
    throw new DomainError("not_found", "voucher-provider-not-found", `No provider ${providerId}`);
  const id = randomUUID();
  const paymentRef = `PAY-${chinaToday().replaceAll("-", "")}-${randomBytes(5).toString("hex").toUpperCase()}`;
  return db.transaction(async (tx) => {
    const due = tx
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(
        and(
          eq(vouchers.redeemedBy, providerId),
          inArray(vouchers.status, allowedFrom("settle")),
          sql`${vouchers.redeemedAt} < ((${through}::date + 1)::timestamp at time zone 'Asia/Shanghai')`,
        ),
      );
    const rows = await tx
      .update(vouchers)
      .set({ status: "settled", step: sql`${vouchers.step} + 1`, settledAt: new Date(), settlementId: id })
      .where(and(inArray(vouchers.id, due), inArray(vouchers.status, allowedFrom("settle"))))
      .returning();
    if (rows.length === 0)
      throw new DomainError(
        "invalid",
        "voucher-settlement-empty",
        `Provider ${providerId} has no redeemed, unsettled vouchers redeemed through ${through}`,
      );
    rows.sort((a, b) => a.redeemedAt!.getTime() - b.redeemedAt!.getTime() || (a.id < b.id ? -1 : 1));
    const file = settlementFile(await viewsOf({ db: tx, cipher }, { vouchers: rows }));
    const [settlement] = await tx
      .insert(voucherSettlements)
      .values({
        id,
        providerId,
        through,
        paymentRef,
        voucherCount: rows.length,
        totalFen: rows.reduce((sum, r) => sum + r.amountFen, 0),
        file,
        fileSha256: createHash("sha256").update(file, "utf8").digest("hex"),
        createdBy: actor,
      })
      .returning();
    await recordChanges(
      tx,
      ctx,
      rows.map((voucher) => ({ voucher, actor, paymentRef, details: { settlementId: id, paymentRef } })),
    );
    return settlement!;
  });
}

const HEADER = [
  "voucher_id",
  "policy_id",
  "policy_name",
  "amount_fen",
  "redeemed_at",
  "service_ref",
  "holder_masked",
];

/** The CSV the payment is made from: one line per voucher, then the total; holders masked, formulas guarded. */
function settlementFile(views: Awaited<ReturnType<typeof viewsOf>>): string {
  const total = views.reduce((sum, v) => sum + v.amountFen, 0);
  return toCsv([
    HEADER,
    ...views.map((v) => [
      v.id,
      v.policyId,
      v.policyName,
      v.amountFen,
      v.redeemedAt,
      v.serviceRef,
      holderText(v.holder),
    ]),
    ["total", "", `${views.length} vouchers`, total, "", "", ""],
  ]);
}

export async function listSettlements(
  { db }: Pick<UseCaseContext, "db">,
  { providerId }: { providerId?: string | undefined } = {},
) {
  return db
    .select()
    .from(voucherSettlements)
    .where(providerId ? eq(voucherSettlements.providerId, providerId) : undefined)
    .orderBy(asc(voucherSettlements.createdAt), asc(voucherSettlements.id));
}

export async function settlementById(
  { db }: Pick<UseCaseContext, "db">,
  { id }: { id: string },
): Promise<SettlementRow> {
  const [row] = await db.select().from(voucherSettlements).where(eq(voucherSettlements.id, id));
  if (!row) throw new DomainError("not_found", "voucher-settlement-not-found", `No settlement ${id}`);
  return row;
}
