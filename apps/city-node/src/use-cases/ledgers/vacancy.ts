import { type VacancyRegistration, vacancyRegistration } from "@pes/schemas";
import { sealRecord } from "@pes/sync";
import { vacancyRegistrations } from "../../db/tables/registrations.js";
import { type RuleViolation, throwIfViolated } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { firstRevision } from "./record.js";

export type VacancyRow = typeof vacancyRegistrations.$inferSelect;
export type VacancyInput = Omit<
  VacancyRegistration,
  "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "status" | "staffId"
>;

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
    status: "open",
    staffId: ctx.staffId,
  }) as VacancyRegistration;
  const [row] = await tx
    .insert(vacancyRegistrations)
    .values({
      id: data.id,
      creditCode: data.employer.creditCode,
      divisionCode: employerDivisionCode,
      data: sealRecord(ctx.vault.cipher, vacancyRegistration.name, data),
      createdBy: ctx.staffId,
    })
    .returning();
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
