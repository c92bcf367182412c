import { type VacancyRegistration, vacancyRegistration } from "@pes/schemas";
import { openRecord, sealRecord } from "@pes/sync";
import { eq, sql } from "drizzle-orm";
import { vacancyRegistrations } from "../../db/tables/registrations.js";
import { type RuleViolation, throwIfViolated } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { insertRow } from "./insert.js";
import { firstRevision, nextRevision, notRevisable, sameContent } from "./record.js";

export type VacancyRow = typeof vacancyRegistrations.$inferSelect;
export type VacancyInput = Omit<
  VacancyRegistration,
  "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "status" | "staffId"
> & {
  /** open unless told; closed when the employer stops recruiting. */
  status?: VacancyRegistration["status"] | undefined;
};

/** A position whose recruiting window closed before the registration cannot be advertised. */
function windowViolations(input: VacancyInput): RuleViolation[] {
  return input.positions.flatMap((p, i) =>
    p.recruitUntil < input.registeredOn
      ? [
          {
            code: "recruiting-window-over",
            field: `positions.${i}.recruitUntil`,
            message: `The recruiting window ended on ${p.recruitUntil}, before the registration (${input.registeredOn})`,
          },
        ]
      : [],
  );
}

/**
 * 招聘登记: not about a person, so it travels on the city's master topic keyed by the employer's
 * unified social credit code, and the audit entry names no person. The employer's contact name and
 * phone are personal data: kept sealed in the ledger, published as they are.
 */
export async function registerVacancy(
  ctx: UseCaseContext,
  {
    record: input,
    employerDivisionCode,
    districtCode,
  }: {
    record: VacancyInput;
    /** Where the employer is: the division the vacancy belongs to. */
    employerDivisionCode: string;
    districtCode?: string | undefined;
  },
): Promise<VacancyRow> {
  const tx = ctx.db;
  throwIfViolated("invalid-vacancy", "The vacancy cannot be registered", windowViolations(input));
  const data = vacancyRegistration.schema.parse({
    ...input,
    ...firstRevision(ctx, districtCode),
    status: input.status ?? "open",
    staffId: ctx.staffId,
  }) as VacancyRegistration;
  const row = await insertRow(ctx, vacancyRegistrations, {
    id: data.id,
    creditCode: data.employer.creditCode,
    divisionCode: employerDivisionCode,
    data: sealRecord(ctx.vault.cipher, vacancyRegistration.name, data),
    createdBy: ctx.staffId,
  });
  await ctx.publisher.publish(tx, vacancyRegistration, data);
  await audit(tx, {
    staffId: ctx.staffId,
    action: "create",
    entity: "vacancy-registration",
    entityId: data.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return row!;
}

/** The vacancy as the contract carries it: the row's record with the employer's contact opened. */
export const vacancyOf = (ctx: Pick<UseCaseContext, "vault">, row: VacancyRow): VacancyRegistration =>
  openRecord(ctx.vault.cipher, vacancyRegistration.name, row.data) as VacancyRegistration;

/**
 * A new revision of a 招聘登记: positions, contact or status (closed when the employer stops
 * recruiting) corrected. The rules of registerVacancy; the employer stays (422 at employer.creditCode:
 * another employer's vacancies are their own registration), and so does the staff member. Unchanged
 * content writes nothing.
 */
export async function reviseVacancy(
  ctx: UseCaseContext,
  {
    current,
    record: input,
    employerDivisionCode,
    districtCode,
  }: {
    current: VacancyRow;
    record: VacancyInput;
    employerDivisionCode: string;
    districtCode?: string | undefined;
  },
): Promise<VacancyRow> {
  const before = vacancyOf(ctx, current);
  if (input.employer.creditCode !== before.employer.creditCode)
    throw notRevisable(
      "employer.creditCode",
      `The vacancies are ${before.employer.creditCode}'s; another employer's are a registration of their own`,
    );
  throwIfViolated("invalid-vacancy", "The vacancy cannot be revised so", windowViolations(input));
  const data = vacancyRegistration.schema.parse({
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    status: input.status ?? "open",
    ...(before.staffId ? { staffId: before.staffId } : {}),
  }) as VacancyRegistration;
  if (employerDivisionCode === current.divisionCode && sameContent(ctx, { data: before }, { data }))
    return current;
  const [row] = await ctx.db
    .update(vacancyRegistrations)
    .set({
      revision: data.revision,
      divisionCode: employerDivisionCode,
      data: sealRecord(ctx.vault.cipher, vacancyRegistration.name, data),
      updatedAt: sql`now()`,
    })
    .where(eq(vacancyRegistrations.id, current.id))
    .returning();
  await ctx.publisher.publish(ctx.db, vacancyRegistration, data);
  await audit(ctx.db, {
    staffId: ctx.staffId,
    action: "update",
    entity: "vacancy-registration",
    entityId: data.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return row!;
}
