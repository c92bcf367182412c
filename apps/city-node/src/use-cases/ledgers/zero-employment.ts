import {
  birthDateOfResidentId,
  type PersonRef,
  sexOfResidentId,
  type ZeroEmploymentFamily,
  zeroEmploymentFamily,
} from "@pes/schemas";
import { sealPii } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, inArray, lte, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { persons } from "../../db/tables/persons.js";
import { employmentRegistrations } from "../../db/tables/registrations.js";
import { zeroEmploymentFamilies, zeroEmploymentFamilyMembers } from "../../db/tables/zero-employment.js";
import {
  checkZeroEmploymentFamily,
  clearOnEmployment,
  DomainRuleError,
  type FemaleCategory,
  identifyZeroEmploymentFamily,
  isOfWorkingAge,
  type RuleViolation,
  throwIfViolated,
} from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { type PersonRow, personKeyFor, personRefOf } from "../persons/store.js";
import { firstRevision, nextRevision, notRevisable, sameContent } from "./record.js";

export type FamilyRow = typeof zeroEmploymentFamilies.$inferSelect;
type Family = z.output<typeof ZeroEmploymentFamily>;
type FamilyRecord = Omit<Family, "person">;
type Member = FamilyRecord["members"][number];
/** What the ledger keeps of a member: the person key only; ID number and name stay encrypted in `persons`. */
type StoredMember = Omit<Member, "person"> & { person: { key: string } };
type StoredFamily = Omit<FamilyRecord, "members"> & { members: StoredMember[] };

/**
 * A member as the desk gives them. Working age and unemployment are not asked: the node finds them
 * (`workingAge` from the ID number, `unemployed` from its employment ledger) and records them.
 */
export type MemberInput = Omit<Member, "person" | "workingAge" | "unemployed"> & {
  person: { idNumber: string; name: string };
  /** For women: 原55岁 cadre or 原50岁 worker (the default); sets the retirement age. */
  femaleCategory?: FemaleCategory | undefined;
};

export interface FamilyInput {
  members: MemberInput[];
  urbanResident: boolean;
  communityCode?: string | undefined;
  householdAddress?: string | undefined;
  identifiedOn: string;
}

/**
 * 零就业家庭认定: the four conditions (each failing one reported with its field), the applicant among
 * the members, no member in another family not yet cleared. Members become persons of the ledger.
 * A member is of working age when 16 up to the day before the statutory retirement date on
 * identifiedOn (from the ID number), and unemployed unless an employment registration of this node is
 * ongoing on identifiedOn (started by then, not ended before it); an employed working-age member is
 * reported at members.<i>.person.idNumber.
 */
export async function identifyFamily(
  ctx: UseCaseContext,
  {
    applicant,
    record: input,
    districtCode,
  }: { applicant: PersonRow; record: FamilyInput; districtCode?: string | undefined },
): Promise<FamilyRow> {
  const tx = ctx.db;
  const { identified, rows } = await familyOf(ctx, applicant, input);
  const stored: StoredFamily = {
    ...firstRevision(ctx, districtCode),
    ...(input.communityCode ? { communityCode: input.communityCode } : {}),
    ...(input.householdAddress ? { householdAddress: input.householdAddress } : {}),
    ...identified,
  } as StoredFamily;
  const published = checkedFamily(ctx, applicant, stored, rows);
  const [row] = await tx
    .insert(zeroEmploymentFamilies)
    .values({
      id: stored.id,
      personId: applicant.id,
      state: "identified",
      identifiedOn: stored.identifiedOn,
      data: stored,
      createdBy: ctx.staffId,
    })
    .returning();
  await tx
    .insert(zeroEmploymentFamilyMembers)
    .values(rows.map((p) => ({ familyId: stored.id, personId: p.id })));
  await publishFamily(tx, ctx, published, rows, "create");
  return row!;
}

/**
 * The family `input` describes, found by the rules of identification: the members as the ledger
 * keeps them and as persons of the ledger (added when new), checked against every other family not yet
 * cleared (`self` aside).
 */
async function familyOf(ctx: UseCaseContext, applicant: PersonRow, input: FamilyInput, self?: string) {
  const tx = ctx.db;
  const keys = input.members.map((m) => personKeyFor(ctx.vault, m.person.idNumber));
  const violations: RuleViolation[] = [];
  keys.forEach((key, i) => {
    if (keys.indexOf(key) !== i) {
      violations.push({
        code: "member-listed-twice",
        field: `members.${i}.person.idNumber`,
        message: `Member ${i + 1} is listed twice`,
      });
    }
  });
  if (!keys.includes(applicant.personKey)) {
    violations.push({
      code: "applicant-not-member",
      field: "members",
      message: "The applicant must be one of the members",
    });
  }
  throwIfViolated("invalid-family", "The family cannot be recorded", violations);
  const on = input.identifiedOn;
  const inWork = await keysInWorkOn(tx, keys, on);
  const members: StoredMember[] = input.members.map(({ femaleCategory, person, ...m }, i) => ({
    ...m,
    person: { key: keys[i]! },
    workingAge: isOfWorkingAge(
      {
        birthDate: birthDateOfResidentId(person.idNumber),
        sex: sexOfResidentId(person.idNumber),
        ...(femaleCategory ? { femaleCategory } : {}),
      },
      on,
    ),
    unemployed: !inWork.has(keys[i]!),
  }));
  const household = { members, urbanResident: input.urbanResident };
  const check = checkZeroEmploymentFamily(household);
  if (!check.ok) {
    // The record's members.<i>.unemployed is the node's finding: point the desk at the member.
    const reasons = check.reasons.map((r) =>
      r.code === "member-employed"
        ? {
            ...r,
            field: r.field!.replace(/\.unemployed$/, ".person.idNumber"),
            message: `${r.message}: an employment registration of this node is ongoing on ${on} (就业登记)`,
          }
        : r,
    );
    throwIfViolated("not-zero-employment-family", "The family does not meet the four conditions", reasons);
  }
  const identified = identifyZeroEmploymentFamily(household, on);

  const rows: PersonRow[] = [];
  for (const [i, m] of input.members.entries()) {
    rows.push(
      keys[i] === applicant.personKey
        ? applicant
        : await memberPerson(tx, ctx, m.person, applicant.divisionCode),
    );
  }
  await assertInNoOtherFamily(tx, rows, self);
  return { identified, rows };
}

/**
 * A corrected identification (members, address, date) while the family is not yet cleared, under the
 * rules of identifyFamily; the members are replaced. A cleared family keeps what it was (422 at the
 * first changed field). Unchanged content writes nothing.
 */
export async function reviseFamily(
  ctx: UseCaseContext,
  {
    current,
    applicantBefore,
    applicant,
    record: input,
    districtCode,
  }: {
    current: FamilyRow;
    applicantBefore: PersonRow;
    applicant: PersonRow;
    record: FamilyInput;
    districtCode?: string | undefined;
  },
): Promise<FamilyRow> {
  const tx = ctx.db;
  const before = current.data as StoredFamily;
  if (current.state === "cleared")
    throw notRevisable(
      "members",
      `The family was cleared on ${current.clearedOn} (动态清零); its identification stays as it was`,
    );
  const { identified, rows } = await familyOf(ctx, applicant, input, current.id);
  const { communityCode: _c, householdAddress: _h, ...kept } = before;
  const stored: StoredFamily = {
    ...kept,
    id: current.id,
    ...nextRevision(current),
    ...(districtCode ? { districtCode } : {}),
    ...(input.communityCode ? { communityCode: input.communityCode } : {}),
    ...(input.householdAddress ? { householdAddress: input.householdAddress } : {}),
    ...identified,
  } as StoredFamily;
  const published = checkedFamily(ctx, applicant, stored, rows);
  // Known members keep their names (only the applicant's form could change a person): the data, with
  // every member's key, tells whether anything changed.
  if (sameContent(ctx, { data: before, person: applicantBefore }, { data: stored, person: applicant }))
    return current;
  const [updated] = await tx
    .update(zeroEmploymentFamilies)
    .set({
      revision: stored.revision,
      identifiedOn: stored.identifiedOn,
      data: stored,
      updatedAt: sql`now()`,
    })
    .where(eq(zeroEmploymentFamilies.id, current.id))
    .returning();
  await tx.delete(zeroEmploymentFamilyMembers).where(eq(zeroEmploymentFamilyMembers.familyId, current.id));
  await tx
    .insert(zeroEmploymentFamilyMembers)
    .values(rows.map((p) => ({ familyId: current.id, personId: p.id })));
  await publishFamily(tx, ctx, published, rows, "update");
  return updated!;
}

/**
 * 动态清零: every family not yet cleared that counts `person` among its members is cleared by their
 * employment from `on` (not before the family was identified), and republished.
 */
export async function clearFamiliesOf(
  ctx: UseCaseContext,
  { person, on }: { person: PersonRow; on: string },
): Promise<FamilyRow[]> {
  const tx = ctx.db;
  const families = await tx
    .select({ family: zeroEmploymentFamilies })
    .from(zeroEmploymentFamilies)
    .innerJoin(
      zeroEmploymentFamilyMembers,
      eq(zeroEmploymentFamilyMembers.familyId, zeroEmploymentFamilies.id),
    )
    .where(
      and(
        eq(zeroEmploymentFamilyMembers.personId, person.id),
        eq(zeroEmploymentFamilies.state, "identified"),
      ),
    )
    .for("update", { of: zeroEmploymentFamilies });
  const cleared: FamilyRow[] = [];
  for (const { family } of families) {
    const before = family.data as StoredFamily;
    const after = clearOnEmployment(
      before,
      person.personKey,
      on > before.identifiedOn ? on : before.identifiedOn,
    );
    const stored: StoredFamily = {
      ...after,
      revision: family.revision + 1,
      recordedAt: new Date().toISOString(),
    };
    const [applicant, ...others] = await familyPersons(tx, family);
    const published = checkedFamily(ctx, applicant!, stored, [applicant!, ...others]);
    const [updated] = await tx
      .update(zeroEmploymentFamilies)
      .set({
        state: "cleared",
        revision: stored.revision,
        clearedOn: stored.clearedOn ?? null,
        data: stored,
        updatedAt: sql`now()`,
      })
      .where(eq(zeroEmploymentFamilies.id, family.id))
      .returning();
    await publishFamily(tx, ctx, published, [applicant!, ...others], "update");
    cleared.push(updated!);
  }
  return cleared;
}

/**
 * The person keys among `keys` with an employment registration of this node ongoing on `on`: started
 * on or before it and not ended before it (a job ending on `on` is still held that day).
 */
async function keysInWorkOn(tx: Database, keys: string[], on: string): Promise<Set<string>> {
  const e = employmentRegistrations;
  const rows = await tx
    .selectDistinct({ personKey: persons.personKey })
    .from(e)
    .innerJoin(persons, eq(persons.id, e.personId))
    .where(
      and(
        inArray(persons.personKey, keys),
        lte(e.employedOn, on),
        sql`coalesce(${e.data}->>'endedOn', '9999-12-31') >= ${on}`,
      ),
    );
  return new Set(rows.map((r) => r.personKey));
}

/** A member as a person of the ledger: added when new, left as they are when known. */
async function memberPerson(
  tx: Database,
  ctx: UseCaseContext,
  member: { idNumber: string; name: string },
  divisionCode: string,
): Promise<PersonRow> {
  const personKey = personKeyFor(ctx.vault, member.idNumber);
  await tx
    .insert(persons)
    .values({
      personKey,
      ...sealPii(ctx.vault.cipher, member),
      sex: sexOfResidentId(member.idNumber),
      birthDate: birthDateOfResidentId(member.idNumber),
      divisionCode,
    })
    .onConflictDoNothing({ target: persons.personKey });
  const [row] = await tx.select().from(persons).where(eq(persons.personKey, personKey)).for("update");
  return row!;
}

async function assertInNoOtherFamily(tx: Database, members: PersonRow[], self?: string): Promise<void> {
  const [other] = await tx
    .select({
      familyId: zeroEmploymentFamilyMembers.familyId,
      personId: zeroEmploymentFamilyMembers.personId,
    })
    .from(zeroEmploymentFamilyMembers)
    .innerJoin(zeroEmploymentFamilies, eq(zeroEmploymentFamilies.id, zeroEmploymentFamilyMembers.familyId))
    .where(
      and(
        inArray(
          zeroEmploymentFamilyMembers.personId,
          members.map((m) => m.id),
        ),
        eq(zeroEmploymentFamilies.state, "identified"),
        self ? ne(zeroEmploymentFamilies.id, self) : undefined,
      ),
    );
  if (other) {
    const i = members.findIndex((m) => m.id === other.personId);
    throw new DomainRuleError(
      "member-in-other-family",
      `Member ${i + 1} belongs to a zero-employment family not yet cleared (${other.familyId})`,
      { kind: "conflict", field: `members.${i}.person.idNumber` },
    );
  }
}

/** The family's persons, applicant first. */
async function familyPersons(tx: Database, family: FamilyRow): Promise<PersonRow[]> {
  const rows = await tx
    .select({ person: persons })
    .from(zeroEmploymentFamilyMembers)
    .innerJoin(persons, eq(persons.id, zeroEmploymentFamilyMembers.personId))
    .where(eq(zeroEmploymentFamilyMembers.familyId, family.id));
  const all = rows.map((r) => r.person);
  return [all.find((p) => p.id === family.personId)!, ...all.filter((p) => p.id !== family.personId)];
}

/** The record as the contract carries it, members with their person refs, validated. */
function checkedFamily(
  ctx: UseCaseContext,
  applicant: PersonRow,
  stored: StoredFamily,
  members: PersonRow[],
): Family {
  const refs = new Map<string, PersonRef>(members.map((p) => [p.personKey, personRefOf(p, ctx.vault)]));
  return zeroEmploymentFamily.schema.parse({
    ...stored,
    person: refs.get(applicant.personKey),
    members: stored.members.map((m) => ({ ...m, person: refs.get(m.person.key) })),
  });
}

async function publishFamily(
  tx: Database,
  ctx: UseCaseContext,
  family: Family,
  members: PersonRow[],
  action: "create" | "update",
): Promise<void> {
  await ctx.publisher.publish(tx, zeroEmploymentFamily, family);
  // Every member's personal data is in the record: each gets an audit entry.
  await audit(
    tx,
    members.map((p) => ({
      staffId: ctx.staffId,
      action,
      entity: "zero-employment-family",
      entityId: family.id,
      personId: p.id,
      purpose: ctx.purpose,
      requestId: ctx.requestId,
    })),
  );
}
