import { rowsOf } from "@pes/sync";
import { type SQL, sql } from "drizzle-orm";
import { vouchers } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";

export type Figure = { count: number; fen: number };
export type Row = Record<string, number | string>;

/** China-time bounds of a YYYY-MM period: [from, until). */
export function bounds(period: string) {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { from: `${period}-01`, until: `${next}-01` };
}

/** Midnight of a date in China time, as a timestamptz. */
export const chinaMidnight = (date: string) => sql`(${date}::date::timestamp at time zone 'Asia/Shanghai')`;

/** count and sum of the rows matching `cond`, as <name>_n and <name>_fen. */
export const fig = (name: string, cond: SQL) =>
  sql`count(*) filter (where ${cond})::int as ${sql.raw(`"${name}_n"`)},
    coalesce(sum(amount_fen) filter (where ${cond}), 0)::float8 as ${sql.raw(`"${name}_fen"`)}`;
export const figures = <N extends string>(row: Row | undefined, names: readonly N[]) =>
  Object.fromEntries(
    names.map((n) => [n, { count: Number(row?.[`${n}_n`] ?? 0), fen: Number(row?.[`${n}_fen`] ?? 0) }]),
  ) as Record<N, Figure>;

/** The figure names of a report, for the route's schema too. */
export const PROVIDER = [
  "redeemedInPeriod",
  "settledInPeriod",
  "awaitingAtEnd",
  "redeemedToEnd",
  "settledToEnd",
] as const;
export const STANDING = [
  "issued",
  "claimed",
  "redeemed",
  "settled",
  "awaitingSettlement",
  "expired",
  "revoked",
  "outstanding",
] as const;
export type Standing = (typeof STANDING)[number];

/**
 * Where a voucher issued before `end` stood at `end`, one condition per STANDING figure: the one
 * definition every report that reads it uses, so their figures agree.
 */
export function standingAt(end: SQL): Record<Standing, SQL> {
  const before = (col: string) => sql`${sql.raw(col)} < ${end}`;
  const ended = (status: string) => sql`status = ${status} and ${before("ended_at")}`;
  return {
    issued: sql`true`,
    claimed: before("claimed_at"),
    redeemed: before("redeemed_at"),
    settled: before("settled_at"),
    awaitingSettlement: sql`redeemed_at < ${end} and (settled_at is null or settled_at >= ${end})`,
    expired: ended("expired"),
    revoked: ended("revoked"),
    outstanding: sql`(redeemed_at is null or redeemed_at >= ${end}) and (ended_at is null or ended_at >= ${end})`,
  };
}

/** The select list of the figures `names` of `conds`. */
export const figs = <N extends string>(conds: Record<N, SQL>, names: readonly N[]) =>
  sql.join(
    names.map((n) => fig(n, conds[n])),
    sql`, `,
  );

export const MOVES = ["issued", "claimed", "redeemed", "settled", "expired", "revoked"] as const;

/**
 * 对账 of one month. Per provider: redeemed and settled in the month, awaiting settlement at its end.
 * For the province, of the vouchers issued up to the end of the month, where each stood at that
 * end: issued = outstanding + redeemed (settled or not) + expired + revoked, and redeemed = settled +
 * awaiting. Every figure is read from the transition times, so a past month's answer does not move.
 */
export async function reconcile(
  { db }: Pick<UseCaseContext, "db">,
  { period, providerId }: { period: string; providerId?: string | undefined },
) {
  const { from, until } = bounds(period);
  const start = chinaMidnight(from);
  const end = chinaMidnight(until);
  const at = standingAt(end);
  const within = (col: string) => sql`${sql.raw(col)} >= ${start} and ${sql.raw(col)} < ${end}`;
  const ended = (status: string, when: SQL) => sql`status = ${status} and ${when}`;

  const providerRows = rowsOf<Row>(
    await db.execute(sql`select redeemed_by as provider,
        ${fig("redeemedInPeriod", within("redeemed_at"))}, ${fig("settledInPeriod", within("settled_at"))},
        ${fig("awaitingAtEnd", at.awaitingSettlement)}, ${fig("redeemedToEnd", at.redeemed)},
        ${fig("settledToEnd", at.settled)}
      from ${vouchers} where redeemed_by is not null and redeemed_at < ${end}
        and (${providerId ?? null}::text is null or redeemed_by = ${providerId ?? null})
      group by redeemed_by order by redeemed_by`),
  );
  const [standing] = rowsOf<Row>(
    await db.execute(sql`select ${figs(at, STANDING)} from ${vouchers} where issued_at < ${end}`),
  );
  const [moves] = rowsOf<Row>(
    await db.execute(sql`select ${fig("issued", within("issued_at"))}, ${fig("claimed", within("claimed_at"))},
        ${fig("redeemed", within("redeemed_at"))}, ${fig("settled", within("settled_at"))},
        ${fig("expired", ended("expired", within("ended_at")))}, ${fig("revoked", ended("revoked", within("ended_at")))}
      from ${vouchers} where issued_at < ${end}`),
  );
  const providers = providerRows.map((r) => ({ providerId: String(r.provider), ...figures(r, PROVIDER) }));
  const total = Object.fromEntries(
    PROVIDER.map((n) => [
      n,
      providers.reduce((s, p) => ({ count: s.count + p[n].count, fen: s.fen + p[n].fen }), {
        count: 0,
        fen: 0,
      }),
    ]),
  ) as Record<(typeof PROVIDER)[number], Figure>;
  return {
    period,
    from,
    until,
    ...(providerId ? { providerId } : {}),
    providers,
    total,
    province: { atPeriodEnd: figures(standing, STANDING), inPeriod: figures(moves, MOVES) },
  };
}
