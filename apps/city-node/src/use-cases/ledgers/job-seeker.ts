import { type JobSeekerRegistration, jobSeekerRegistration } from "@pes/schemas";
import { and, eq, sql } from "drizzle-orm";
import { jobSeekerRegistrations } from "../../db/tables/registrations.js";
import { DomainRuleError, MINIMUM_WORKING_AGE, reachesWorkingAge } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import { checkedPersonRecord, firstRevision, type PersonRecordInput, publishPersonRecord } from "./record.js";

export type JobSeekerRow = typeof jobSeekerRegistrations.$inferSelect;

/** What the clerk types in; the contact mobile is the person's phone, kept encrypted with the person. */
export type JobSeekerInput = Omit<
  JobSeekerRegistration,
  "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "person" | "state" | "contactMobile"
>;

/**
 * 求职登记: anyone from 16 who is able and willing to work; one active registration per person (the
 * person row, locked by the upsert, serialises two desks registering the same person).
 */
export async function registerJobSeeker(
  ctx: UseCaseContext,
  {
    person,
    phone,
    record: input,
    districtCode,
  }: PersonRecordInput<JobSeekerInput> & {
    /** The contact mobile: the person's phone. */
    phone: string;
  },
): Promise<JobSeekerRow> {
  const tx = ctx.db;
  if (!reachesWorkingAge(person, input.registeredOn)) {
    throw new DomainRuleError(
      "under-working-age",
      `A job seeker must be at least ${MINIMUM_WORKING_AGE} on ${input.registeredOn} (未满十六周岁)`,
      { field: "person.idNumber" },
    );
  }
  const [active] = await tx
    .select({ id: jobSeekerRegistrations.id })
    .from(jobSeekerRegistrations)
    .where(
      and(
        eq(jobSeekerRegistrations.personId, person.id),
        sql`${jobSeekerRegistrations.data}->>'state' = 'active'`,
      ),
    );
  if (active) {
    throw new DomainRuleError(
      "job-seeker-already-active",
      `The person has an active job-seeker registration (${active.id}); close it before registering again`,
      { kind: "conflict", field: "person.idNumber" },
    );
  }
  const record = checkedPersonRecord(jobSeekerRegistration, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
    state: "active",
    contactMobile: phone,
    staffId: ctx.staffId,
  });
  const { contactMobile: _mobile, ...data } = record;
  const [row] = await tx
    .insert(jobSeekerRegistrations)
    .values({ id: record.id, personId: person.id, data, createdBy: ctx.staffId })
    .returning();
  await publishPersonRecord(ctx, jobSeekerRegistration, person, record, {
    action: "create",
    entity: "job-seeker-registration",
  });
  return row!;
}
