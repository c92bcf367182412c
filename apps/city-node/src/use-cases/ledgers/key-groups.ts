import { type KeyGroup, keyGroupMembership } from "@pes/schemas";
import { and, eq, gte, isNull, lte, or } from "drizzle-orm";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import { DomainRuleError, type RuleViolation, throwIfViolated } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import { checkedPersonRecord, firstRevision, type PersonRecordInput, publishPersonRecord } from "./record.js";

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
  const { record: input, servicePointId } = line;
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
  throwIfViolated("invalid-key-group-membership", "The ledger line cannot be recorded", violations);
  return addMembership(ctx, line);
}

/** Adds a ledger line, refusing one that overlaps another period of the same group (409). */
export async function addMembership(
  ctx: UseCaseContext,
  { person, record: input, servicePointId, districtCode }: MembershipLine,
): Promise<MembershipRow> {
  const tx = ctx.db;
  const t = keyGroupMemberships;
  const [overlapping] = await tx
    .select({ id: t.id, startedOn: t.startedOn })
    .from(t)
    .where(
      and(
        eq(t.personId, person.id),
        eq(t.group, input.group),
        or(isNull(t.endedOn), gte(t.endedOn, input.startedOn)),
        input.endedOn ? lte(t.startedOn, input.endedOn) : undefined,
      ),
    );
  if (overlapping) {
    throw new DomainRuleError(
      "key-group-overlap",
      `The person is already in the ${input.group} ledger from ${overlapping.startedOn} (${overlapping.id})`,
      { kind: "conflict", field: "startedOn" },
    );
  }
  const data = checkedPersonRecord(keyGroupMembership, ctx, person, {
    ...input,
    ...firstRevision(ctx, districtCode),
  });
  const [row] = await tx
    .insert(t)
    .values({
      id: data.id,
      personId: person.id,
      group: input.group,
      startedOn: input.startedOn,
      endedOn: input.endedOn ?? null,
      servicePointId,
      data,
      createdBy: ctx.staffId,
    })
    .returning();
  await publishPersonRecord(ctx, keyGroupMembership, person, data, {
    action: "create",
    entity: "key-group-membership",
  });
  return row!;
}
