import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import {
  FamilyMember,
  FujianDivisionCode,
  IsoDate,
  PersonName,
  ResidentId,
  ZeroEmploymentFamily,
} from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { identifyFamily } from "../../use-cases/ledgers/zero-employment.js";
import { assertNamedPersonsInArea, atTheDesk, presentForCase } from "../person-desk.js";
import { assertInCity, PersonInput, PersonView, todayOf } from "../shared.js";

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

const Body = z
  .object({
    person: PersonInput.meta({
      description: "The applicant, usually the head of household; one of the members",
    }),
    members: z.array(MemberInput).min(1).max(20),
    urbanResident: ZeroEmploymentFamily.shape.urbanResident,
    communityCode: FujianDivisionCode.optional(),
    householdAddress: ZeroEmploymentFamily.shape.householdAddress,
    identifiedOn: IsoDate.optional().meta({ description: "Defaults to today (China time)" }),
  })
  .openapi("ZeroEmploymentFamilyInput");

const FamilyView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    state: z.enum(["identified", "cleared"]),
    identifiedOn: z.string(),
    members: z.number().int(),
    person: PersonView,
  })
  .openapi("ZeroEmploymentFamily");

const route = defineRoute({
  method: "post",
  path: "/v1/zero-employment-families",
  tags: ["Key groups 重点群体实名台账"],
  summary: "Identify a zero-employment family (零就业家庭认定)",
  description:
    "All four conditions must hold: every working-age member unemployed; every such member able and willing " +
    "to work; no member with a relatively fixed income; an urban resident family. Working age and " +
    "unemployment are not asked: a member is of working age when 16 up to the statutory retirement age on " +
    "identifiedOn (from the ID number; femaleCategory for women, worker by default), and employed when an " +
    "employment registration of this node is ongoing on identifiedOn; the published record carries both as " +
    "workingAge and unemployed. Each failing condition is answered 422 with its field " +
    "(members.<i>.person.idNumber for an employed working-age member, members when no member is of working " +
    "age, members.<i>.ableAndWilling, members.<i>.fixedIncome, urbanResident). The family is cleared when a " +
    "member's employment is registered (动态清零).",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Identified", content: { "application/json": { schema: FamilyView } } },
    ...errorResponses,
  },
});

export function registerPostZeroEmploymentFamily(app: App): void {
  app.openapi(route, async (c) => {
    const { person: personInput, identifiedOn, ...family } = c.req.valid("json");
    const { cityCode } = c.get("services").config;
    const { row, person } = await atTheDesk(
      c,
      personInput,
      { entity: "zero-employment-family" },
      async ({ tx, ctx, person, districtCode }) => {
        if (family.communityCode) assertInCity(family.communityCode, cityCode, "communityCode");
        await assertNamedPersonsInArea(
          c,
          tx,
          family.members.map((m) => m.person.idNumber),
        );
        const input = { ...family, identifiedOn: identifiedOn ?? todayOf(c) };
        return { row: await identifyFamily(ctx, { applicant: person, record: input, districtCode }) };
      },
    );
    return c.json(
      {
        id: row.id,
        revision: row.revision,
        state: row.state,
        identifiedOn: row.identifiedOn,
        members: family.members.length,
        person: presentForCase(c, person),
      },
      201,
    );
  });
}
