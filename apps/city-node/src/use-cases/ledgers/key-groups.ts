import { type KeyGroup, keyGroupMembership } from "@pes/schemas";
import { and, eq, gte, isNull, lte, ne, or, sql } from "drizzle-orm";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import { DomainRuleError, type RuleViolation, throwIfViolated } from "../../domain/index.js";
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

export type MembershipRow = typeof keyGroupMemberships.$inferSelect;

/** A ledger line of a person, with the service point that owes them the 131 services. */
export interface MembershipLine extends PersonRecordInput<MembershipInput> {
  servicePointId: string | null;
}

export interface MembershipInput {
  group: KeyGroup;
  startedOn: string;
  endedOn?: string | undefined;
  source: string;
  graduatedOn?: string | undefined;
  note?: string | undefined;
}

/** Groups whose ledger is another record, so a clerk cannot add a line by hand. */
const KEPT_BY_WORKFLOW: Partial<Record<KeyGroup, string>> = {
  "registered-unemployed": "the unemployment registration (POST /v1/unemployment-registrations)",
  "employment-difficulty": "recognition (POST /v1/difficulty-recognitions, then decide)",
  "zero-employment-family": "the family ledger (POST /v1/zero-employment-families)",
};

/**
 * A line of a key-group ledger typed in at the desk. A graduate needs the date they left school and
 * the service point that owes them the 131 services.
 */
export async function recordMembership(ctx: UseCaseContext, line: MembershipLine): Promise<MembershipRow> {
  throwIfViolated(
    "invalid-key-group-membership",
    "The ledger line cannot be recorded",
    membershipViolations(line.record, line.servicePointId),
  );
  return addMembership(ctx, line);
}

function membershipViolations(input: MembershipInput, servicePointId: string | null): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const workflow = KEPT_BY_WORKFLOW[input.group];
  if (workflow) {
    violations.push({
      code: "kept-by-workflow",
      field: "group",
      message: `The ${input.group} ledger is kept by ${workflow}`,
    });
  }
  if (input.group === "college-graduate" && !input.graduatedOn) {
    violations.push({
      code: "graduation-date-missing",
      field: "graduatedOn",
      message: "A college graduate needs the date they left school (离校日期)",
    });
  }
  if (input.group === "college-graduate" && !servicePointId) {
    violations.push({
      code: "service-point-missing",
      field: "servicePointId",
      message: "Name the service point responsible for the graduate's 131 follow-up",
    });
  }
  return violations;
}

/** Refuses (409) a period of the person's group that overlaps another one than `self`. */
async function assertNoOverlap(
  ctx: UseCaseContext,
  person: PersonRow,
  input: MembershipInput,
  self?: string,
): Promise<void> {
  const t = keyGroupMemberships;
  const [overlapping] = await ctx.db
    .select({ id: t.id, startedOn: t.startedOn })
    .from(t)
    .where(
      and(
        eq(t.personId, person.id),
        eq(t.group, input.group),
        or(isNull(t.endedOn), gte(t.endedOn, input.startedOn)),
        input.endedOn ? lte(t.startedOn, input.endedOn) : undefined,
        self ? ne(t.id, self) : undefined,
      ),
    );
  if (overlapping) {
    throw new DomainRuleError(
      "key-group-overlap",
      `The person is already in the ${input.group} ledger from ${overlapping.startedOn} (${overlapping.id})`,
      { kind: "conflict", field: "startedOn" },
    );
  }
}

/**
 * A new revision of a ledger line: the person leaves the group (endedOn), or the line is corrected.
 * The rules of recordMembership; the group stays (422 at group) and a line that ended is not reopened
 * (422 at endedOn). Unchanged content writes nothing.
 */
export async function reviseMembership(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: input,
    servicePointId,
    districtCode,
  }: MembershipLine & { current: MembershipRow; personBefore: PersonRow },
): Promise<MembershipRow> {
  if (input.group !== current.group)
    throw notRevisable(
      "group",
      `The line is of the ${current.group} ledger; a line of another group is a new line`,
    );
  if (current.endedOn && !input.endedOn)
    throw notRevisable(
      "endedOn",
      `The person left the ledger on ${current.endedOn}; a new period is a new line`,
    );
  throwIfViolated(
    "invalid-key-group-membership",
    "The ledger line cannot be revised so",
    membershipViolations(input, servicePointId),
  );
  await assertNoOverlap(ctx, person, input, current.id);
  const data = checkedPersonRecord(keyGroupMembership, ctx, person, {
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
  });
  if (
    servicePointId === current.servicePointId &&
    sameContent(ctx, { data: current.data, person: personBefore }, { data, person })
  )
    return current;
  const [row] = await ctx.db
    .update(keyGroupMemberships)
    .set({
      revision: data.revision,
      startedOn: input.startedOn,
      endedOn: input.endedOn ?? null,
      servicePointId,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(keyGroupMemberships.id, current.id))
    .returning();
  await publishPersonRecord(ctx, keyGroupMembership, person, data, {
    action: "update",
    entity: "key-group-membership",
  });
  return row!;
}

/** Adds a ledger line, refusing one that overlaps another period of the same group (409). */
export async function addMembership(
  ctx: UseCaseContext,
  { person, record: input, servicePointId, districtCode }: MembershipLine,
): Promise<MembershipRow> {
  const t = keyGroupMemberships;
  await assertNoOverlap(ctx, person, input);
  const data = checkedPersonRecord(keyGroupMembership, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
  });
  const row = await insertRow(ctx, t, {
    id: data.id,
    personId: person.id,
    group: input.group,
    startedOn: input.startedOn,
    endedOn: input.endedOn ?? null,
    servicePointId,
    data,
    createdBy: ctx.staffId,
  });
  await publishPersonRecord(ctx, keyGroupMembership, person, data, {
    action: "create",
    entity: "key-group-membership",
  });
  return row!;
}
