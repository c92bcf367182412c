import { DomainError, type FieldError } from "@pes/core";
import { and, asc, eq, inArray } from "drizzle-orm";
import { operators } from "../../db/tables/operators.js";
import { voucherProviderGateways } from "../../db/tables/vouchers.js";
import type { UseCaseContext } from "../context.js";

/**
 * Every id must name an active operator with role gateway, else a 422 whose errors point at the
 * offending entries (`gatewayIds.<i>`). Duplicates are refused earlier, by the request schema.
 */
export async function checkGateways(
  { db }: Pick<UseCaseContext, "db">,
  { gatewayIds }: { gatewayIds: readonly string[] },
): Promise<void> {
  if (gatewayIds.length === 0) return;
  const found = new Map(
    (
      await db
        .select({ id: operators.id, role: operators.role, active: operators.active })
        .from(operators)
        .where(inArray(operators.id, [...gatewayIds]))
    ).map((o) => [o.id, o]),
  );
  const errors: FieldError[] = [];
  gatewayIds.forEach((id, i) => {
    const o = found.get(id);
    const message = !o
      ? `No operator ${id}`
      : !o.active
        ? `Operator ${id} is not active`
        : o.role !== "gateway"
          ? `Operator ${id} is a(n) ${o.role}, not a gateway`
          : undefined;
    if (message) errors.push({ path: `gatewayIds.${i}`, in: "body", message });
  });
  if (errors.length > 0)
    throw new DomainError(
      "invalid",
      "voucher-provider-invalid",
      "A provider's gateways must be active gateway operators; see errors",
      { errors },
    );
}

/** Makes `gatewayIds` the gateways of the provider, replacing what it had (inside the caller's transaction). */
export async function bindGateways(
  { db }: Pick<UseCaseContext, "db">,
  { providerId, gatewayIds }: { providerId: string; gatewayIds: readonly string[] },
) {
  await db.delete(voucherProviderGateways).where(eq(voucherProviderGateways.providerId, providerId));
  if (gatewayIds.length > 0)
    await db
      .insert(voucherProviderGateways)
      .values(gatewayIds.map((operatorId) => ({ providerId, operatorId })));
}

/** The gateways of each provider, sorted; a provider with none is absent from the map. */
export async function gatewaysOf(
  { db }: Pick<UseCaseContext, "db">,
  { providerIds }: { providerIds?: readonly string[] } = {},
) {
  const rows = await db
    .select({
      providerId: voucherProviderGateways.providerId,
      operatorId: voucherProviderGateways.operatorId,
    })
    .from(voucherProviderGateways)
    .where(providerIds ? inArray(voucherProviderGateways.providerId, [...providerIds]) : undefined)
    .orderBy(asc(voucherProviderGateways.providerId), asc(voucherProviderGateways.operatorId));
  const byProvider = new Map<string, string[]>();
  for (const r of rows) byProvider.set(r.providerId, [...(byProvider.get(r.providerId) ?? []), r.operatorId]);
  return byProvider;
}

/**
 * A gateway redeems only in the name of a provider that lists it: else 403 provider-not-served,
 * also for a provider the hub does not know (a gateway speaks for none such).
 */
export async function assertServes(
  { db }: Pick<UseCaseContext, "db">,
  { gatewayId, providerId }: { gatewayId: string; providerId: string },
): Promise<void> {
  const [bound] = await db
    .select({ providerId: voucherProviderGateways.providerId })
    .from(voucherProviderGateways)
    .where(
      and(
        eq(voucherProviderGateways.providerId, providerId),
        eq(voucherProviderGateways.operatorId, gatewayId),
      ),
    );
  if (!bound)
    throw new DomainError(
      "forbidden",
      "provider-not-served",
      `This gateway does not speak for provider ${providerId}`,
      { extensions: { providerId } },
    );
}
