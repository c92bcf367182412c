import { randomUUID } from "node:crypto";
import { EmploymentRegistration, employmentRegistration } from "@pes/schemas";
import { eq, sql } from "drizzle-orm";
import { employmentRegistrations } from "../../db/tables/registrations.js";
import { type FemaleCategory, throwIfViolated, workingAgeViolation } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { type PersonRow, personRefOf } from "../persons/store.js";
import { insertRow } from "./insert.js";
import { nextRevision, notRevisable, publishPersonRecord, sameContent } from "./record.js";
import {
  changeRegistration,
  closingDate,
  openRegistrationOfPerson,
  type UnemploymentRow,
} from "./unemployment.js";
import { clearFamiliesOf, type FamilyRow } from "./zero-employment.js";

export type EmploymentRow = typeof employmentRegistrations.$inferSelect;

export type EmploymentInput = Omit<
  EmploymentRegistration,
  "id" | "revision" | "cityCode" | "recordedAt" | "person" | "staffId"
>;

/**
 * 就业登记, for a person of working age on the day the job starts (16 up to the statutory retirement
 * age; 422 "not-of-working-age" otherwise). A person who finds work is no longer unemployed: their
 * open unemployment registration in this city closes when the job is ongoing on or after the day that
 * registration was applied for (a job that ended before it closes nothing), and every zero-employment
 * family they belong to is cleared (动态清零), in the same transaction; every changed record is
 * published. A job that had ended before it was registered clears no family.
 */
export async function registerEmployment(
  ctx: UseCaseContext,
  {
    person,
    record: input,
    femaleCategory,
  }: {
    person: PersonRow;
    record: EmploymentInput;
    /** For women: 原55岁 cadre or 原50岁 worker (the default); sets the retirement age. */
    femaleCategory?: FemaleCategory | undefined;
  },
) {
  const tx = ctx.db;
  assertOfWorkingAge(person, input, femaleCategory);
  const ref = personRefOf(person, ctx.vault);
  // The whole record, refinements included (the unit a form needs, date order), before the insert.
  const { person: _, ...data } = EmploymentRegistration.parse({
    ...input,
    id: randomUUID(),
    revision: 1,
    cityCode: ctx.cityCode,
    recordedAt: new Date().toISOString(),
    staffId: ctx.staffId,
    person: ref,
  });
  const row = await insertRow(ctx, employmentRegistrations, {
    id: data.id,
    personId: person.id,
    employedOn: data.startedOn,
    data,
    createdBy: ctx.staffId,
  });
  await ctx.publisher.publish(tx, employmentRegistration, { ...data, person: ref });
  await audit(tx, {
    staffId: ctx.staffId,
    action: "create",
    entity: "employment-registration",
    entityId: data.id,
    personId: person.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });

  let closed: UnemploymentRow | undefined;
  const open = await openRegistrationOfPerson(tx, person.id);
  // The job must be ongoing on or after the day the unemployment registration was applied for.
  if (open && (!data.endedOn || data.endedOn >= open.appliedOn))
    closed = await changeRegistration(ctx, {
      registration: open,
      person,
      event: { type: "close", on: closingDate(open, data.startedOn), reason: "employed" },
    });
  let clearedFamilies: FamilyRow[] = [];
  if (!data.endedOn || data.endedOn >= data.registeredOn)
    clearedFamilies = await clearFamiliesOf(ctx, { person, on: data.startedOn });
  return { row: row!, closedRegistration: closed, clearedFamilies };
}

/** 16 up to the statutory retirement age on the day the job starts (422 "not-of-working-age" otherwise). */
function assertOfWorkingAge(
  person: PersonRow,
  input: EmploymentInput,
  femaleCategory: FemaleCategory | undefined,
): void {
  const tooYoungOrOld = workingAgeViolation(
    { birthDate: person.birthDate, sex: person.sex, ...(femaleCategory ? { femaleCategory } : {}) },
    input.startedOn,
    "person.idNumber",
  );
  throwIfViolated(
    "not-of-working-age",
    `Employment can be registered for a person of working age on the start date ${input.startedOn}`,
    tooYoungOrOld ? [tooYoungOrOld] : [],
  );
}

/**
 * A new revision of a 就业登记: the job ended (endedOn), or a correction. The rules of
 * registerEmployment (working age on startedOn, the contract's); an end once recorded stays (422 at
 * endedOn: a new job is a new registration). The registration's staff member stays; nothing else
 * changes with it (a registration it closed stays closed). Unchanged content writes nothing.
 */
export async function reviseEmployment(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: input,
    femaleCategory,
  }: {
    current: EmploymentRow;
    personBefore: PersonRow;
    person: PersonRow;
    record: EmploymentInput;
    femaleCategory?: FemaleCategory | undefined;
  },
): Promise<EmploymentRow> {
  const before = current.data as EmploymentInput;
  if (before.endedOn && !input.endedOn)
    throw notRevisable(
      "endedOn",
      `The job ended on ${before.endedOn}; a new job is a new employment registration`,
    );
  assertOfWorkingAge(person, input, femaleCategory);
  const ref = personRefOf(person, ctx.vault);
  const { person: _, ...data } = EmploymentRegistration.parse({
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    staffId: (current.data as { staffId?: string }).staffId,
    person: ref,
  });
  if (sameContent(ctx, { data: current.data, person: personBefore }, { data, person })) return current;
  const [row] = await ctx.db
    .update(employmentRegistrations)
    .set({ revision: data.revision, employedOn: data.startedOn, data, updatedAt: sql`now()` })
    .where(eq(employmentRegistrations.id, current.id))
    .returning();
  await publishPersonRecord(ctx, employmentRegistration, person, data, {
    action: "update",
    entity: "employment-registration",
  });
  return row!;
}
