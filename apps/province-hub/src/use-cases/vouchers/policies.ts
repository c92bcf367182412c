import { DomainError, type FieldError } from "@pes/core";
import { formatFen } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import { eq, sql } from "drizzle-orm";
import { voucherPolicies, voucherProviders } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";

export const serviceKinds = [
  "skills-training",
  "entrepreneurship-training",
  "skills-certificate",
  "apprenticeship",
  "key-industry-training",
  "gig-work-introduction",
] as const;
export type ServiceKind = (typeof serviceKinds)[number];

/**
 * The per-person subsidy standards of annex 1 of 003 (Xiamen), in fen: a policy's amount must lie
 * within its kind's range. Gig-work introduction has no per-person standard in the annex.
 */
export const STANDARDS: Record<ServiceKind, { min: number; max: number } | undefined> = {
  "skills-training": { min: 1, max: 100_000 }, // 1,000 yuan after passing
  "entrepreneurship-training": { min: 1, max: 150_000 }, // 1,500 yuan after passing
  "skills-certificate": { min: 50_000, max: 300_000 }, // 500–3,000 yuan
  apprenticeship: { min: 400_000, max: 600_000 }, // 4,000–6,000 yuan
  "key-industry-training": { min: 1, max: 200_000 }, // at most 2,000 yuan
  "gig-work-introduction": undefined,
};

export type PolicyRow = typeof voucherPolicies.$inferSelect;
export type ProviderRow = typeof voucherProviders.$inferSelect;

/** The rules of a policy beyond its shape: the annex standard and providers the hub knows. */
export async function checkPolicy(
  { db }: Pick<UseCaseContext, "db">,
  p: Pick<PolicyRow, "serviceKind" | "amountFen" | "eligibleProviders">,
): Promise<void> {
  const errors: FieldError[] = [];
  const standard = STANDARDS[p.serviceKind as ServiceKind];
  if (standard && (p.amountFen < standard.min || p.amountFen > standard.max))
    errors.push({
      path: "amountFen",
      in: "body",
      message: `The standard for ${p.serviceKind} is ${formatFen(standard.min)}–${formatFen(standard.max)} yuan per person`,
    });
  const known = new Set(
    (
      await db
        .select({ id: voucherProviders.id })
        .from(voucherProviders)
        .where(sql`${voucherProviders.id} = any(${sql.param(p.eligibleProviders)}::text[])`)
    ).map((r) => r.id),
  );
  p.eligibleProviders.forEach((id, i) => {
    if (!known.has(id))
      errors.push({ path: `eligibleProviders.${i}`, in: "body", message: `No provider ${id}; add it first` });
  });
  if (errors.length > 0)
    throw new DomainError("invalid", "voucher-policy-invalid", "The policy breaks a rule; see errors", {
      errors,
    });
}

export async function policyById(
  { db }: Pick<UseCaseContext, "db">,
  { id }: { id: string },
): Promise<PolicyRow> {
  const [row] = await db.select().from(voucherPolicies).where(eq(voucherPolicies.id, id));
  if (!row) throw new DomainError("not_found", "voucher-policy-not-found", `No voucher policy ${id}`);
  return row;
}

export interface SettlementAccount {
  bankName: string;
  accountName: string;
  accountNumber: string;
}

/** A provider as the API shows it: the account number masked, never in clear; its gateways. */
export function providerView(row: ProviderRow, cipher: PiiCipher, gatewayIds: readonly string[] = []) {
  const account = JSON.parse(cipher.decrypt(row.accountEnc)) as SettlementAccount;
  const n = account.accountNumber;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    settlementAccount: {
      bankName: account.bankName,
      accountName: account.accountName,
      accountNumberMasked: `${n.slice(0, 4)}${"*".repeat(Math.max(n.length - 8, 4))}${n.slice(-4)}`,
    },
    gatewayIds: [...gatewayIds],
    createdAt: row.createdAt.toISOString(),
  };
}
