import {
  isSatisfied,
  type ServiceRating,
  type ServiceRecord,
  serviceRating,
  serviceRecord,
  type TrainingRecord,
  trainingRecord,
} from "@pes/schemas";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { servicePoints } from "../../db/tables/network.js";
import { serviceRatings, serviceRecords, trainingRecords } from "../../db/tables/services.js";
import { DomainRuleError, type RuleViolation, throwIfViolated } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import type { PersonRow } from "../persons/store.js";
import { insertRow } from "./insert.js";
import { assertEligibleForInternship, INTERNSHIP_SERVICE } from "./internship.js";
import {
  checkedPersonRecord,
  firstRevision,
  nextRevision,
  notRevisable,
  type PersonRecordInput,
  publishPersonRecord,
  sameContent,
} from "./record.js";

type NodeFilled = "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "person";
export type ServiceRow = typeof serviceRecords.$inferSelect;
export type TrainingRow = typeof trainingRecords.$inferSelect;
export type RatingRow = typeof serviceRatings.$inferSelect;

/** A revision of a person record: the row as it is, its person before and after the desk admitted them. */
export interface PersonRecordRevision<Row, R> extends PersonRecordInput<R> {
  current: Row;
  /** The person as the record was published before (a corrected name makes a revision). */
  personBefore: PersonRow;
}
export type ServiceInput = Omit<z.output<typeof ServiceRecord>, NodeFilled | "staffId">;
export type TrainingInput = Omit<z.output<typeof TrainingRecord>, NodeFilled>;
export type RatingInput = Omit<z.output<typeof ServiceRating>, NodeFilled>;

/** A clock a few minutes fast at the desk is tolerated; a service in the future is not. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function notInFuture(at: string, field: string): void {
  if (Date.parse(at) > Date.now() + CLOCK_SKEW_MS) {
    throw new DomainRuleError("in-the-future", `${at} lies in the future`, { field });
  }
}

/**
 * 服务记录: given at a service point of the network, by the caller, not in the future. An internship
 * offer (internship-placement, 推荐见习) only to a graduate within 2 years of leaving school or to
 * registered unemployed youth aged 16–24 on the day served (422 "not-eligible-for-internship" at
 * serviceType); only such offers can then count as the 131's training-or-internship part.
 */
export async function recordService(
  ctx: UseCaseContext,
  { person, record: input, districtCode }: PersonRecordInput<ServiceInput>,
) {
  await checkService(ctx, person, input);
  const data = checkedPersonRecord(serviceRecord, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
    staffId: ctx.staffId,
  });
  const row = await insertRow(ctx, serviceRecords, {
    id: data.id,
    personId: person.id,
    servicePointId: input.servicePointId,
    serviceType: input.serviceType,
    staffId: ctx.staffId,
    servedAt: new Date(input.servedAt),
    data,
    createdBy: ctx.staffId,
  });
  await publishPersonRecord(ctx, serviceRecord, person, data, {
    action: "create",
    entity: "service-record",
  });
  return row!;
}

/** The rules of a service record: not in the future, at an active service point, an internship only to whom it may go. */
async function checkService(ctx: UseCaseContext, person: PersonRow, input: ServiceInput): Promise<void> {
  notInFuture(input.servedAt, "servedAt");
  // A batch's chunk knows the network it started with; a point it does not know is asked for.
  const active =
    ctx.chunk?.servicePointActive(input.servicePointId) ??
    (
      await ctx.db
        .select({ active: servicePoints.active })
        .from(servicePoints)
        .where(eq(servicePoints.id, input.servicePointId))
    )[0]?.active;
  if (!active) {
    throw new DomainRuleError(
      "unknown-service-point",
      `${input.servicePointId} is not an active service point of this city's network`,
      { field: "servicePointId" },
    );
  }
  if (input.serviceType === INTERNSHIP_SERVICE) {
    await assertEligibleForInternship(ctx.db, person, input.servedAt, "serviceType");
  }
}

/**
 * A corrected service record: the rules of recordService on the whole record; who served stays the
 * staff member of the first revision. Unchanged content writes nothing.
 */
export async function reviseService(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: input,
    districtCode,
  }: PersonRecordRevision<ServiceRow, ServiceInput>,
): Promise<ServiceRow> {
  await checkService(ctx, person, input);
  const data = checkedPersonRecord(serviceRecord, ctx, person, {
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    staffId: current.staffId,
  });
  if (sameContent(ctx, { data: current.data, person: personBefore }, { data, person })) return current;
  const [row] = await ctx.db
    .update(serviceRecords)
    .set({
      revision: data.revision,
      servicePointId: input.servicePointId,
      serviceType: input.serviceType,
      servedAt: new Date(input.servedAt),
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(serviceRecords.id, current.id))
    .returning();
  await publishPersonRecord(ctx, serviceRecord, person, data, { action: "update", entity: "service-record" });
  return row!;
}

/**
 * The rules of a training record beyond its shape: a subsidy (and a voucher) is paid for a training
 * completed and passed (合格后补贴); a certificate needs a pass and is issued after completion.
 */
function trainingViolations(input: TrainingInput): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const passed = input.stage === "completed" && input.passed === true;
  if (input.subsidyFen !== undefined && input.subsidyFen > 0 && !passed) {
    violations.push({
      code: "subsidy-before-pass",
      field: "subsidyFen",
      message: "A training subsidy is paid only once the training is completed and passed",
    });
  }
  if (input.voucherId && !input.subsidised) {
    violations.push({
      code: "voucher-without-subsidy",
      field: "voucherId",
      message: "A voucher pays a subsidy: set subsidised",
    });
  }
  if (input.certificate && input.passed === false) {
    violations.push({
      code: "certificate-without-pass",
      field: "certificate",
      message: "A failed training has no certificate",
    });
  }
  const issuedOn = input.certificate?.issuedOn;
  if (issuedOn && input.completedOn && issuedOn < input.completedOn) {
    violations.push({
      code: "certificate-before-completion",
      field: "certificate.issuedOn",
      message: `The certificate cannot be issued before the training completed (${input.completedOn})`,
    });
  }
  return violations;
}

/** 培训记录: enrolment, completion, subsidy and certificate. */
export async function recordTraining(
  ctx: UseCaseContext,
  { person, record: input, districtCode }: PersonRecordInput<TrainingInput>,
) {
  const data = checkedPersonRecord(trainingRecord, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
  });
  throwIfViolated(
    "invalid-training-record",
    "The training record cannot be accepted",
    trainingViolations(input),
  );
  const row = await insertRow(ctx, trainingRecords, {
    id: data.id,
    personId: person.id,
    stage: input.stage,
    enrolledOn: input.enrolledOn,
    completedOn: input.completedOn ?? null,
    subsidised: input.subsidised,
    data,
    createdBy: ctx.staffId,
  });
  await publishPersonRecord(ctx, trainingRecord, person, data, {
    action: "create",
    entity: "training-record",
  });
  return row!;
}

/** A training's life runs forward: enrolled → completed or dropped out; a certificate once recorded stays. */
const TRAINING_STAGE_NEXT: Record<TrainingInput["stage"], readonly TrainingInput["stage"][]> = {
  enrolled: ["enrolled", "completed", "dropped-out"],
  completed: ["completed"],
  "dropped-out": ["dropped-out"],
};

function trainingRevisionViolations(before: TrainingInput, after: TrainingInput): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!TRAINING_STAGE_NEXT[before.stage].includes(after.stage))
    violations.push({
      code: "revision-not-allowed",
      field: "stage",
      message: `A training ${before.stage} cannot become ${after.stage} (enrolled → completed or dropped-out)`,
    });
  if (before.certificate && !after.certificate)
    violations.push({
      code: "revision-not-allowed",
      field: "certificate",
      message: "A certificate once recorded stays; correct it instead of leaving it out",
    });
  return violations;
}

/**
 * A new revision of a training record (completed, certified, corrected): the rules of recordTraining,
 * and a life that runs forward (422 at stage or certificate otherwise). Unchanged content writes nothing.
 */
export async function reviseTraining(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: input,
    districtCode,
  }: PersonRecordRevision<TrainingRow, TrainingInput>,
): Promise<TrainingRow> {
  const data = checkedPersonRecord(trainingRecord, ctx, person, {
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
  });
  throwIfViolated("invalid-training-record", "The training record cannot be revised so", [
    ...trainingViolations(input),
    ...trainingRevisionViolations(current.data as TrainingInput, input),
  ]);
  if (sameContent(ctx, { data: current.data, person: personBefore }, { data, person })) return current;
  const [row] = await ctx.db
    .update(trainingRecords)
    .set({
      revision: data.revision,
      stage: input.stage,
      enrolledOn: input.enrolledOn,
      completedOn: input.completedOn ?? null,
      subsidised: input.subsidised,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(trainingRecords.id, current.id))
    .returning();
  await publishPersonRecord(ctx, trainingRecord, person, data, {
    action: "update",
    entity: "training-record",
  });
  return row!;
}

/**
 * 好差评 by the person served: a rated service must be theirs, rated after it was given and only
 * once; its service point is the one rated unless the rating names it.
 */
export async function recordRating(
  ctx: UseCaseContext,
  { person, record: input, districtCode }: PersonRecordInput<RatingInput>,
) {
  const servicePointId = await checkRating(ctx, person, input);
  const data = checkedPersonRecord(serviceRating, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
    ...(servicePointId ? { servicePointId } : {}),
  });
  const row = await insertRow(ctx, serviceRatings, {
    id: data.id,
    personId: person.id,
    serviceRecordId: input.serviceRecordId ?? null,
    servicePointId: servicePointId ?? null,
    category: input.category,
    satisfied: isSatisfied(input.rating),
    ratedAt: new Date(input.ratedAt),
    data,
    createdBy: ctx.staffId,
  });
  await publishPersonRecord(ctx, serviceRating, person, data, {
    action: "create",
    entity: "service-rating",
  });
  return row!;
}

/**
 * The rules of a rating; returns the service point rated. `self`: the rating being revised, which
 * does not count as an earlier rating of its service.
 */
async function checkRating(
  ctx: UseCaseContext,
  person: PersonRow,
  input: RatingInput,
  self?: string,
): Promise<string | undefined> {
  const tx = ctx.db;
  notInFuture(input.ratedAt, "ratedAt");
  let servicePointId = input.servicePointId;
  if (input.serviceRecordId) {
    const [service] = await tx
      .select()
      .from(serviceRecords)
      .where(eq(serviceRecords.id, input.serviceRecordId))
      .for("update");
    if (!service || service.personId !== person.id) {
      throw new DomainRuleError("unknown-service", "The rated service was not given to this person", {
        field: "serviceRecordId",
      });
    }
    if (Date.parse(input.ratedAt) < service.servedAt.getTime()) {
      throw new DomainRuleError("rated-before-service", "A service is rated after it was given", {
        field: "ratedAt",
      });
    }
    const [earlier] = await tx
      .select({ id: serviceRatings.id })
      .from(serviceRatings)
      .where(eq(serviceRatings.serviceRecordId, service.id));
    if (earlier && earlier.id !== self) {
      throw new DomainRuleError("already-rated", `The service was rated already (${earlier.id})`, {
        kind: "conflict",
        field: "serviceRecordId",
      });
    }
    servicePointId ??= service.servicePointId;
  }
  return servicePointId;
}

/**
 * A corrected rating: the rules of recordRating; it stays the rating of the service it rated (422 at
 * serviceRecordId otherwise). Unchanged content writes nothing.
 */
export async function reviseRating(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: input,
    districtCode,
  }: PersonRecordRevision<RatingRow, RatingInput>,
): Promise<RatingRow> {
  if ((input.serviceRecordId ?? null) !== current.serviceRecordId)
    throw notRevisable(
      "serviceRecordId",
      "A rating stays the rating of the service it rated; record a new rating",
    );
  const servicePointId = await checkRating(ctx, person, input, current.id);
  const data = checkedPersonRecord(serviceRating, ctx, person, {
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    ...(servicePointId ? { servicePointId } : {}),
  });
  if (sameContent(ctx, { data: current.data, person: personBefore }, { data, person })) return current;
  const [row] = await ctx.db
    .update(serviceRatings)
    .set({
      revision: data.revision,
      servicePointId: servicePointId ?? null,
      category: input.category,
      satisfied: isSatisfied(input.rating),
      ratedAt: new Date(input.ratedAt),
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(serviceRatings.id, current.id))
    .returning();
  await publishPersonRecord(ctx, serviceRating, person, data, { action: "update", entity: "service-rating" });
  return row!;
}
