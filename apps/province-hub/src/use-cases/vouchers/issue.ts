import { addDays, chinaToday, DomainError } from "@pes/core";
import { rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { eq, sql } from "drizzle-orm";
import { hubPersons } from "../../db/tables/records.js";
import { vouchers } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";
import { type PolicyRow, policyById } from "./policies.js";
import { recordChanges, type VoucherRow } from "./record.js";

type Holder = { personKey: string; cityCode: string; districtCode: string | null };
const CHUNK = 1000;

/**
 * The persons of the key-group ledgers (重点群体实名台账) in one of `groups`, still on the ledger,
 * whom the hub knows by ID number and name, and who hold no live voucher of the policy; with the
 * city and district of their newest ledger line. Registered unemployed persons are also those with
 * an open unemployment registration.
 */
async function eligibleHolders(
  db: Database,
  policy: PolicyRow,
  filter: { cityCode?: string; personKey?: string },
): Promise<Holder[]> {
  const rows = rowsOf<{ person_key: string; city_code: string; district_code: string | null }>(
    await db.execute(sql`with ledger as (
        select person_key, city_code, district_code, event_time from hub_records
        where type = 'key-group-membership' and data->>'group' = any(${sql.param(policy.eligibleGroups)}::text[])
          and data->>'endedOn' is null
        union all
        select r.person_key, r.city_code, r.district_code, r.event_time
        from hub_open_registrations o join hub_records r on r.record_id = o.record_id
        where 'registered-unemployed' = any(${sql.param(policy.eligibleGroups)}::text[]))
      select distinct on (l.person_key) l.person_key, l.city_code, l.district_code
      from ledger l join ${hubPersons} p on p.person_key = l.person_key
      where (${filter.cityCode ?? null}::text is null or l.city_code = ${filter.cityCode ?? null})
        and (${filter.personKey ?? null}::text is null or l.person_key = ${filter.personKey ?? null})
        and not exists (select 1 from ${vouchers} v where v.policy_id = ${policy.id}
          and v.person_key = l.person_key and v.status not in ('expired', 'revoked'))
      order by l.person_key, l.event_time desc`),
  );
  return rows.map((r) => ({ personKey: r.person_key, cityCode: r.city_code, districtCode: r.district_code }));
}

function requireIssuing(policy: PolicyRow, today: string) {
  if (today < policy.issueFrom || today > policy.issueUntil)
    throw new DomainError(
      "invalid",
      "voucher-policy-not-issuing",
      `Policy ${policy.id} issues from ${policy.issueFrom} to ${policy.issueUntil}; today is ${today}`,
    );
}

/** Inserts the vouchers, skipping any person who got a live one meanwhile (the partial unique index). */
async function insertVouchers(
  tx: Database,
  policy: PolicyRow,
  holders: readonly Holder[],
  today: string,
): Promise<VoucherRow[]> {
  const expiresOn = addDays(today, policy.validDays - 1);
  const issued: VoucherRow[] = [];
  for (let i = 0; i < holders.length; i += CHUNK) {
    const rows = await tx
      .insert(vouchers)
      .values(
        holders.slice(i, i + CHUNK).map((h) => ({
          ...h,
          policyId: policy.id,
          amountFen: policy.amountFen,
          status: "issued" as const,
          expiresOn,
        })),
      )
      .onConflictDoNothing()
      .returning();
    issued.push(...rows);
  }
  return issued;
}

/** 发放 by rule: one voucher to every eligible person of the ledgers (of one city); running again issues nothing new. */
export async function issueRun(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "actor">,
  opts: { policyId: string; cityCode?: string | undefined },
): Promise<{ issued: number }> {
  const { db, actor } = ctx;
  const policy = await policyById(ctx, { id: opts.policyId });
  const today = chinaToday();
  requireIssuing(policy, today);
  return db.transaction(async (tx) => {
    const holders = await eligibleHolders(tx, policy, opts.cityCode ? { cityCode: opts.cityCode } : {});
    const issued = await insertVouchers(tx, policy, holders, today);
    const details = { rule: "issue-run", ...(opts.cityCode ? { cityCode: opts.cityCode } : {}) };
    for (let i = 0; i < issued.length; i += CHUNK)
      await recordChanges(
        tx,
        ctx,
        issued.slice(i, i + CHUNK).map((voucher) => ({ voucher, actor, details })),
      );
    return { issued: issued.length };
  });
}

/** 发放 by an operator to one person, who must be known to the hub and on an eligible ledger. */
export async function issueOne(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer" | "actor">,
  { policyId, personKey }: { policyId: string; personKey: string },
): Promise<VoucherRow> {
  const { db, actor } = ctx;
  const policy = await policyById(ctx, { id: policyId });
  const today = chinaToday();
  requireIssuing(policy, today);
  const [known] = await db
    .select({ key: hubPersons.personKey })
    .from(hubPersons)
    .where(eq(hubPersons.personKey, personKey));
  if (!known) throw new DomainError("not_found", "person-not-found", "The hub holds no person with this key");
  return db.transaction(async (tx) => {
    const [holder] = await eligibleHolders(tx, policy, { personKey });
    const [voucher] = holder ? await insertVouchers(tx, policy, [holder], today) : [];
    if (!voucher) {
      const live = await tx
        .select({ id: vouchers.id })
        .from(vouchers)
        .where(
          sql`${vouchers.policyId} = ${policy.id} and ${vouchers.personKey} = ${personKey} and ${vouchers.status} not in ('expired', 'revoked')`,
        );
      if (live.length > 0)
        throw new DomainError(
          "conflict",
          "voucher-already-held",
          "The person holds a voucher of this policy",
        );
      throw new DomainError(
        "invalid",
        "person-not-eligible",
        `The person is on none of the ledgers of policy ${policy.id}: ${policy.eligibleGroups.join(", ")}`,
      );
    }
    await recordChanges(tx, ctx, [{ voucher, actor, details: { rule: "operator" } }]);
    return voucher;
  });
}
