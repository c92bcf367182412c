import { DomainError } from "@pes/core";
import { and, eq } from "drizzle-orm";
import { voucherRedemptions } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";
import { attachVoucher, findPlacement } from "../placements/store.js";
import { findWorker } from "../workers/store.js";
import type { HubVoucher } from "./authority.js";

export type RedemptionRow = typeof voucherRedemptions.$inferSelect;

export interface RedemptionInput {
  voucherId: string;
  workerId: string;
  placementId?: string | undefined;
  serviceRef?: string | undefined;
}

/**
 * Redeems (核销) a worker's voucher for a service this market delivered. The hub decides, exactly
 * once across all providers; the market then keeps its copy and, for a placement, publishes the
 * placement with the voucher. The reference is stable for a retry (the placement, else the worker),
 * so a repeated request after a lost answer is recognised by the hub as the same redemption.
 */
export async function redeemVoucher(
  ctx: Pick<UseCaseContext, "db" | "market" | "cipher" | "publisher" | "vouchers">,
  input: RedemptionInput,
): Promise<{ row: RedemptionRow; voucher: HubVoucher }> {
  const { db, market, vouchers: authority } = ctx;
  const worker = await findWorker(ctx, { id: input.workerId });
  if (worker.status !== "active" || !worker.personKey)
    throw new DomainError("conflict", "worker-withdrawn", "The worker withdrew their consent");
  if (input.placementId) {
    const placement = await findPlacement(ctx, { id: input.placementId });
    if (placement.workerId !== worker.id)
      throw new DomainError("invalid", "placement-of-another-worker", "The placement is another worker's", {
        errors: [{ path: "placementId", in: "body", message: "is not a placement of this worker" }],
      });
    if (placement.status === "cancelled")
      throw new DomainError("conflict", "placement-cancelled", "The placement was cancelled");
    const held = placement.record.voucherId;
    if (held && held !== input.voucherId)
      throw new DomainError(
        "conflict",
        "placement-has-voucher",
        "Another voucher was redeemed for this placement",
      );
  }
  const serviceRef = input.serviceRef ?? input.placementId ?? `worker:${worker.id}`;
  const voucher = await authority.redeem(input.voucherId, {
    providerId: market.id,
    personKey: worker.personKey,
    marketId: market.id,
    serviceRef,
  });
  const row = await db.transaction(async (tx) => {
    await tx
      .insert(voucherRedemptions)
      .values({
        marketId: market.id,
        voucherId: input.voucherId,
        workerId: worker.id,
        placementId: input.placementId ?? null,
        serviceRef,
        policyId: voucher.policyId,
        policyName: voucher.policyName,
        amountFen: voucher.amountFen,
        redeemedAt: new Date(voucher.redeemedAt ?? Date.now()),
      })
      .onConflictDoNothing();
    if (input.placementId)
      await attachVoucher({ ...ctx, db: tx }, { id: input.placementId, voucherId: input.voucherId });
    const [kept] = await tx
      .select()
      .from(voucherRedemptions)
      .where(
        and(eq(voucherRedemptions.marketId, market.id), eq(voucherRedemptions.voucherId, input.voucherId)),
      );
    return kept!;
  });
  return { row, voucher };
}
