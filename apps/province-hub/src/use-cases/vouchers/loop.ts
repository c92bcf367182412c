import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { voucherPolicies, voucherProviders, vouchers } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";
import {
  bounds,
  chinaMidnight,
  type Figure,
  figs,
  figures,
  type Row,
  type Standing,
  standingAt,
} from "./reconcile.js";

/** The figures of a policy and of the total, and of a provider: all read as reconcile's STANDING. */
export const LOOP = [
  "issued",
  "claimed",
  "redeemed",
  "settled",
  "outstanding",
  "expired",
  "revoked",
] as const satisfies readonly Standing[];
export const PROVIDER_LOOP = [
  "redeemed",
  "settled",
  "awaitingSettlement",
] as const satisfies readonly Standing[];

/**
 * The voucher loop (发放→领取→核销→拨付) at the end of a month, per policy and per provider, of the
 * vouchers issued up to then. The conditions are reconcile's, so `total` is its province.atPeriodEnd.
 * A policy or provider is listed, with zeros if it has nothing, once it existed by the end, so a
 * past month's rows do not change when one is added later.
 */
export async function voucherLoop(
  { db }: Pick<UseCaseContext, "db">,
  { period, now = new Date() }: { period: string; now?: Date },
) {
  const { until } = bounds(period);
  const end = chinaMidnight(until);
  const at = standingAt(end);
  // Grouped apart, then joined: the policies table has an amount_fen too, which fig's sum would meet.
  const policyRows = rowsOf<Row>(
    await db.execute(sql`select p.id, p.name, f.*
      from ${voucherPolicies} p
      left join (select policy_id, ${figs(at, LOOP)} from ${vouchers}
        where issued_at < ${end} group by policy_id) f on f.policy_id = p.id
      where p.created_at < ${end} or f.policy_id is not null
      order by p.id`),
  );
  // A full join: a redemption counts even if its provider row were missing, so the sums still hold.
  const providerRows = rowsOf<Row>(
    await db.execute(sql`select coalesce(p.id, f.provider) as id, coalesce(p.name, f.provider) as name, f.*
      from ${voucherProviders} p
      full join (select redeemed_by as provider, ${figs(at, PROVIDER_LOOP)} from ${vouchers}
        where issued_at < ${end} and ${at.redeemed} group by redeemed_by) f on f.provider = p.id
      where p.created_at < ${end} or f.provider is not null
      order by 1`),
  );
  const policies = policyRows.map((r) => ({
    policyId: String(r.id),
    policyName: String(r.name),
    ...figures(r, LOOP),
  }));
  const total = Object.fromEntries(
    LOOP.map((n) => [
      n,
      policies.reduce((s, p) => ({ count: s.count + p[n].count, fen: s.fen + p[n].fen }), {
        count: 0,
        fen: 0,
      }),
    ]),
  ) as Record<(typeof LOOP)[number], Figure>;
  const endsAt = new Date(`${until}T00:00:00+08:00`);
  return {
    period,
    // The figures stand at the month's end; for the month under way that is now.
    asOf: (endsAt < now ? endsAt : now).toISOString(),
    policies,
    providers: providerRows.map((r) => ({
      providerId: String(r.id),
      providerName: String(r.name),
      ...figures(r, PROVIDER_LOOP),
    })),
    total,
  };
}
