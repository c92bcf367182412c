import { periodBounds, type ServiceNetwork } from "@pes/schemas";
import { rowsOf } from "@pes/sync";
import { type SQL, sql } from "drizzle-orm";
import { type NetworkFigures, networkFigures } from "../../domain/assessment/network.js";
import type { UseCaseContext } from "../context.js";

/**
 * Annex 3's items that are an area's rather than a service point's (training records and vouchers
 * name no point): the quarter of a city, or of one of its districts.
 */
export interface AreaQuarter {
  areaCode: string;
  /** 就业券: redeemed in the quarter (China time), by the holders of the area, and their amount. */
  vouchersRedeemed: { count: number; amountFen: number };
  /** 创业培训: persons who enrolled in entrepreneurship training in the quarter. */
  startupTrainees: number;
  /** 创业: persons who started a business (个体经营, 创办企业) in the quarter. */
  startups: number;
  /** 高校毕业生: graduates (on the college-graduate ledger) who started work in the quarter after a service. */
  graduatesHelped: number;
  /**
   * Coverage of communities and staffing, from the newest service-network record of the city's node
   * (as of its own time, not the quarter's); null until the node has sent one.
   */
  network: NetworkFigures | null;
}

export interface AreaScope {
  city: string;
  district?: string | undefined;
  quarter: string;
}

/** The area's conditions on a table with city_code and district_code columns (alias `t`). */
export const inScope = ({ city, district }: AreaScope, alias = sql.raw("t")): SQL =>
  district
    ? sql`${alias}.city_code = ${city} and ${alias}.district_code = ${district}`
    : sql`${alias}.city_code = ${city}`;

export async function assessArea({ db }: Pick<UseCaseContext, "db">, scope: AreaScope): Promise<AreaQuarter> {
  const { start, endExclusive } = periodBounds(scope.quarter);
  const inQuarter = (expr: SQL) =>
    sql`(${expr})::date >= ${start}::date and (${expr})::date < ${endExclusive}::date`;
  // The quarter's days in China time as instants, so the city's index on redeemed_at serves the range.
  const redeemedInQuarter = sql`t.redeemed_at >= (${start}::timestamp at time zone 'Asia/Shanghai')
    and t.redeemed_at < (${endExclusive}::timestamp at time zone 'Asia/Shanghai')`;
  // One statement: the vouchers read once, the quarter's employment registrations once for both
  // figures, and the network beside them.
  const [row] = rowsOf<{
    vouchers: number;
    amount: string;
    trainees: number;
    startups: number;
    graduates: number;
    network: ServiceNetwork | null;
  }>(
    await db.execute(sql`
      select v.vouchers, v.amount, tr.trainees, e.startups, e.graduates, n.data as network
      from (select count(*)::int as vouchers, coalesce(sum(t.amount_fen), 0)::text as amount
          from hub_vouchers t where ${inScope(scope)} and ${redeemedInQuarter}) v,
        (select count(distinct t.person_key)::int as trainees from hub_records t where ${inScope(scope)}
          and t.type = 'training-record' and t.data->>'kind' = 'entrepreneurship'
          and ${inQuarter(sql`t.data->>'enrolledOn'`)}) tr,
        (select
            count(distinct t.person_key) filter (where t.data->>'form' in ('self-employed', 'business-founder'))::int
              as startups,
            count(distinct t.person_key) filter (where
              exists (select 1 from hub_records g where g.person_key = t.person_key
                and g.type = 'key-group-membership' and g.data->>'group' = 'college-graduate')
              and exists (select 1 from hub_records s where s.person_key = t.person_key and s.type = 'service-record'
                and (s.data->>'servedAt')::timestamptz < (t.data->>'startedOn')::date + interval '1 day'))::int
              as graduates
          from hub_records t where ${inScope(scope)} and t.type = 'employment-registration'
            and ${inQuarter(sql`t.data->>'startedOn'`)}) e
        left join lateral (select data from hub_records where type = 'service-network' and city_code = ${scope.city}
          order by data->>'asOf' desc limit 1) n on true`),
  );
  return {
    areaCode: scope.district ?? scope.city,
    vouchersRedeemed: { count: row?.vouchers ?? 0, amountFen: Number(row?.amount ?? 0) },
    startupTrainees: row?.trainees ?? 0,
    startups: row?.startups ?? 0,
    graduatesHelped: row?.graduates ?? 0,
    network: row?.network ? networkFigures(row.network, scope.district ?? scope.city) : null,
  };
}
