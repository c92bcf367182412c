import { openMasked } from "@pes/sync";
import { sql } from "drizzle-orm";
import { hubPersons } from "../../db/tables/records.js";
import { voucherPolicies } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";
import type { VoucherRow } from "./record.js";

export interface VoucherView {
  id: string;
  policyId: string;
  policyName: string;
  serviceKind: string;
  amountFen: number;
  status: VoucherRow["status"];
  issuedAt: string;
  expiresOn: string;
  claimedAt: string | null;
  holder: { nameMasked: string; idNumberMasked: string };
  personKey: string;
  cityCode: string;
  districtCode: string | null;
  redeemedBy: string | null;
  redeemedAt: string | null;
  marketId: string | null;
  serviceRef: string | null;
  settledAt: string | null;
  settlementId: string | null;
}

/**
 * Vouchers as the API shows them: the holder masked (decrypted only to be masked). `hideRedeemer`
 * is for gateways: one market does not learn which provider redeemed a voucher.
 */
export async function viewsOf(
  { db, cipher }: Pick<UseCaseContext, "db" | "cipher">,
  { vouchers: rows, ...opts }: { vouchers: readonly VoucherRow[]; hideRedeemer?: boolean },
): Promise<VoucherView[]> {
  if (rows.length === 0) return [];
  const keys = [...new Set(rows.map((r) => r.personKey))];
  const persons = await db
    .select({ key: hubPersons.personKey, idNumberEnc: hubPersons.idNumberEnc, nameEnc: hubPersons.nameEnc })
    .from(hubPersons)
    .where(sql`${hubPersons.personKey} = any(${sql.param(keys)}::text[])`);
  const holders = new Map(
    persons.map((p) => {
      const holder = openMasked(cipher, p);
      return [p.key, { nameMasked: holder.name, idNumberMasked: holder.idNumber }];
    }),
  );
  const policies = new Map(
    (
      await db
        .select({ id: voucherPolicies.id, name: voucherPolicies.name, kind: voucherPolicies.serviceKind })
        .from(voucherPolicies)
        .where(
          sql`${voucherPolicies.id} = any(${sql.param([...new Set(rows.map((r) => r.policyId))])}::text[])`,
        )
    ).map((p) => [p.id, p]),
  );
  const hide = opts.hideRedeemer === true;
  return rows.map((r) => ({
    id: r.id,
    policyId: r.policyId,
    policyName: policies.get(r.policyId)?.name ?? r.policyId,
    serviceKind: policies.get(r.policyId)?.kind ?? "",
    amountFen: r.amountFen,
    status: r.status,
    issuedAt: r.issuedAt.toISOString(),
    expiresOn: r.expiresOn,
    claimedAt: iso(r.claimedAt),
    holder: holders.get(r.personKey) ?? { nameMasked: "", idNumberMasked: "" },
    personKey: r.personKey,
    cityCode: r.cityCode,
    districtCode: r.districtCode,
    redeemedBy: hide ? null : r.redeemedBy,
    redeemedAt: iso(r.redeemedAt),
    marketId: hide ? null : r.marketId,
    serviceRef: hide ? null : r.serviceRef,
    settledAt: iso(r.settledAt),
    settlementId: hide ? null : r.settlementId,
  }));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** "陈* 3502**********123X": the holder as a settlement file shows them. */
export function holderText(h: VoucherView["holder"]): string {
  return `${h.nameMasked} ${h.idNumberMasked}`;
}
