import {
  FamilyMember,
  FujianDivisionCode,
  IsoDate,
  PersonName,
  ResidentId,
  ZeroEmploymentFamily,
} from "@pes/schemas";
import { z } from "zod";
import { zeroEmploymentFamilies } from "../../../db/tables/zero-employment.js";
import { type FamilyRow, identifyFamily, reviseFamily } from "../../ledgers/zero-employment.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  assertInCity,
  assertNamedPersonsInArea,
  PersonInput,
  SourceRecordId,
  samePersonAtDesk,
  todayOf,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";
import type { IntakeContext } from "../types.js";

/** workingAge and unemployed are not asked: the node finds them (ID number, its employment ledger). */
const MemberInput = FamilyMember.omit({ person: true, workingAge: true, unemployed: true }).extend({
  person: z.object({ idNumber: ResidentId, name: PersonName }),
  femaleCategory: z
    .enum(["cadre", "worker"])
    .optional()
    .meta({
      description:
        "For women: 原法定退休年龄55岁 (cadre) or 50岁 (worker, the default); sets the retirement age of the " +
        "working-age test on identifiedOn",
    }),
});

export const FamilyInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput.meta({
    description: "The applicant, usually the head of household; one of the members",
  }),
  members: z.array(MemberInput).min(1).max(20),
  urbanResident: ZeroEmploymentFamily.shape.urbanResident,
  communityCode: FujianDivisionCode.optional(),
  householdAddress: ZeroEmploymentFamily.shape.householdAddress,
  identifiedOn: IsoDate.optional().meta({
    description: "Defaults to today (China time; on a revision: the family's)",
  }),
});
export type FamilyInput = z.output<typeof FamilyInput>;

/** The members' area and the community, as at the desk. */
async function checkFamilyForm(ctx: IntakeContext, input: FamilyInput): Promise<void> {
  if (input.communityCode) assertInCity(input.communityCode, ctx.cityCode, "communityCode");
  await assertNamedPersonsInArea(
    ctx,
    input.members.map((m) => m.person.idNumber),
  );
}

/** 零就业家庭认定: the family and its members; cleared (动态清零) by a member's employment. */
export const familyIntake = defineIntake<FamilyInput, { row: FamilyRow; person: PersonRow }>({
  kind: "zero-employment-family",
  entity: "zero-employment-family",
  input: FamilyInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, input) {
    const { sourceRecordId: _, person: personInput, identifiedOn, ...family } = input;
    const { person, districtCode } = await admitAtDesk(ctx, personInput);
    await checkFamilyForm(ctx, input);
    const record = { ...family, identifiedOn: identifiedOn ?? todayOf(ctx) };
    return { row: await identifyFamily(ctx, { applicant: person, record, districtCode }), person };
  },
  load: (ctx, id) =>
    loadPersonRecord(ctx, zeroEmploymentFamilies, id, notFoundOf("zero-employment-family", id)),
  async revise(ctx, current, input) {
    const { sourceRecordId: _, person: personInput, identifiedOn, ...family } = input;
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput);
    await checkFamilyForm(ctx, input);
    const record = { ...family, identifiedOn: identifiedOn ?? current.row.identifiedOn };
    const row = await reviseFamily(ctx, {
      current: current.row,
      applicantBefore: current.person,
      applicant: person,
      record,
      districtCode,
    });
    return { row, person };
  },
});
