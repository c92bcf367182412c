import { type JobSeekerRegistration, jobSeekerRegistration } from "@pes/schemas";
import { and, eq, ne, sql } from "drizzle-orm";
import { jobSeekerRegistrations } from "../../db/tables/registrations.js";
import { DomainRuleError, MINIMUM_WORKING_AGE, reachesWorkingAge } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import type { PersonRow } from "../persons/store.js";
import { insertRow } from "./insert.js";
import {
  checkedPersonRecord,
  firstRevision,
  nextRevision,
  notRevisable,
  type PersonRecordInput,
  publishPersonRecord,
  sameContent,
} from "./record.js";

export type JobSeekerRow = typeof jobSeekerRegistrations.$inferSelect;

/** What the clerk types in; the contact mobile is the person's phone, kept encrypted with the person. */
export type JobSeekerInput = Omit<
  JobSeekerRegistration,
  "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "person" | "state" | "contactMobile"
> & {
  /** active unless told: closed when the person found work or withdrew. */
  state?: JobSeekerRegistration["state"] | undefined;
};

type JobSeekerChange = PersonRecordInput<JobSeekerInput> & {
  /** The contact mobile: the person's phone. */
  phone: string;
};

/** From 16 on the registration day (未满十六周岁 otherwise); one active registration per person besides `self`. */
async function checkJobSeeker(
  ctx: UseCaseContext,
  person: PersonRow,
  input: JobSeekerInput,
  self?: string,
): Promise<void> {
  if (!reachesWorkingAge(person, input.registeredOn)) {
    throw new DomainRuleError(
      "under-working-age",
      `A job seeker must be at least ${MINIMUM_WORKING_AGE} on ${input.registeredOn} (未满十六周岁)`,
      { field: "person.idNumber" },
    );
  }
  if ((input.state ?? "active") !== "active") return;
  const [active] = await ctx.db
    .select({ id: jobSeekerRegistrations.id })
    .from(jobSeekerRegistrations)
    .where(
      and(
        eq(jobSeekerRegistrations.personId, person.id),
        sql`${jobSeekerRegistrations.data}->>'state' = 'active'`,
        self ? ne(jobSeekerRegistrations.id, self) : undefined,
      ),
    );
  if (active) {
    throw new DomainRuleError(
      "job-seeker-already-active",
      `The person has an active job-seeker registration (${active.id}); close it before registering again`,
      { kind: "conflict", field: "person.idNumber" },
    );
  }
}

/**
 * 求职登记: anyone from 16 who is able and willing to work; one active registration per person (the
 * person row, locked by the upsert, serialises two desks registering the same person).
 */
export async function registerJobSeeker(
  ctx: UseCaseContext,
  { person, phone, record: input, districtCode }: JobSeekerChange,
): Promise<JobSeekerRow> {
  await checkJobSeeker(ctx, person, input);
  const record = checkedPersonRecord(jobSeekerRegistration, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
    state: input.state ?? "active",
    contactMobile: phone,
    staffId: ctx.staffId,
  });
  const { contactMobile: _mobile, ...data } = record;
  const row = await insertRow(ctx, jobSeekerRegistrations, {
    id: record.id,
    personId: person.id,
    data,
    createdBy: ctx.staffId,
  });
  await publishPersonRecord(ctx, jobSeekerRegistration, person, record, {
    action: "create",
    entity: "job-seeker-registration",
  });
  return row!;
}

/**
 * A new revision of a 求职登记: closed (the person found work or withdrew), or corrected wishes and
 * profile. The rules of registerJobSeeker; a closed registration is not reopened (422 at state: register
 * again). The staff member of the registration stays. Unchanged content writes nothing.
 */
export async function reviseJobSeeker(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    phone,
    record: input,
    districtCode,
  }: JobSeekerChange & { current: JobSeekerRow; personBefore: PersonRow },
): Promise<JobSeekerRow> {
  const before = current.data as { state: string; staffId?: string };
  const state = input.state ?? "active";
  if (before.state === "closed" && state !== "closed")
    throw notRevisable(
      "state",
      "A closed job-seeker registration is not reopened; register the person again",
    );
  await checkJobSeeker(ctx, person, input, current.id);
  const record = checkedPersonRecord(jobSeekerRegistration, ctx, person, {
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    state,
    contactMobile: phone,
    ...(before.staffId ? { staffId: before.staffId } : {}),
  });
  const { contactMobile: _mobile, ...data } = record;
  // The mobile is kept with the person, not in the row: a new one is a change of what is published.
  const mobileBefore = personBefore.phoneEnc ? ctx.vault.cipher.decrypt(personBefore.phoneEnc) : null;
  if (
    mobileBefore === phone &&
    sameContent(ctx, { data: current.data, person: personBefore }, { data, person })
  )
    return current;
  const [row] = await ctx.db
    .update(jobSeekerRegistrations)
    .set({ revision: record.revision, data, updatedAt: sql`now()` })
    .where(eq(jobSeekerRegistrations.id, current.id))
    .returning();
  await publishPersonRecord(ctx, jobSeekerRegistration, person, record, {
    action: "update",
    entity: "job-seeker-registration",
  });
  return row!;
}
