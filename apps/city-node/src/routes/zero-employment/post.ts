import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { familyIntake } from "../../use-cases/intake/kinds/zero-employment.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { PersonView } from "../shared.js";

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

/** POST /v1/zero-employment-families, PUT /v1/zero-employment-families/{id}. */
export function registerPostZeroEmploymentFamily(app: App): void {
  registerIntakeRoutes(app, {
    intake: familyIntake,
    path: "/v1/zero-employment-families",
    tags: ["Key groups 重点群体实名台账"],
    inputName: "ZeroEmploymentFamilyInput",
    view: FamilyView,
    present: (c, { row, person }) => ({
      id: row.id,
      revision: row.revision,
      state: row.state,
      identifiedOn: row.identifiedOn,
      members: (row.data as { members: unknown[] }).members.length,
      person: presentForCase(c, person),
    }),
    post: {
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
    },
    put: {
      summary: "Correct a family's identification while it is not yet cleared (零就业家庭更正)",
      description:
        "The four conditions and the rules of the POST on the whole family, whose members are replaced by the " +
        "form's; a cleared family (动态清零) keeps its identification (422 at members). An omitted identifiedOn " +
        "keeps the family's.",
    },
  });
}
