import { createRoute } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import type { App } from "../../app.js";
import { loadCalendar } from "../../db/calendar.js";
import { assertCanAccess, canSeeClearPersonalData } from "../../domain/index.js";
import { applyForRegistration } from "../../ledgers/unemployment.js";
import { upsertPerson } from "../../persons/store.js";
import { ledgerContext } from "../context.js";
import { withRules } from "../rule-errors.js";
import { assertInCity, bearer, districtOf, todayOf } from "../shared.js";
import { presentRegistration } from "./present.js";
import { ApplyBody, RegistrationView } from "./schema.js";

const route = createRoute({
  method: "post",
  path: "/v1/unemployment-registrations",
  tags: ["Unemployment registration 失业登记"],
  summary: "Apply for unemployment registration (失业登记申请)",
  description:
    "Checks eligibility (aged 16 up to the statutory retirement age by the 2025 schedule, able and willing to work, not employed), " +
    "that the person has no open registration, and sets the 10-working-day deadline. Every failing condition is listed at once (一次性告知).",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: ApplyBody } } } },
  responses: {
    201: { description: "Applied", content: { "application/json": { schema: RegistrationView } } },
    ...errorResponses,
  },
});

export function registerApply(app: App): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const { config, db, vault } = c.get("services");
    const caller = c.get("caller");
    const ctx = ledgerContext(c);
    const result = await withRules(async () => {
      assertInCity(body.person.divisionCode, config.cityCode);
      assertCanAccess(caller, body.person.divisionCode);
      return db.db.transaction(async (tx) => {
        const person = await upsertPerson(tx, vault, body.person);
        const row = await applyForRegistration(tx, ctx, person, {
          femaleCategory: body.person.femaleCategory,
          ableToWork: body.ableToWork,
          wantsWork: body.wantsWork,
          currentlyEmployed: body.currentlyEmployed,
          placeBasis: body.placeBasis,
          servicePointId: body.servicePointId,
          appliedOn: body.appliedOn ?? todayOf(c),
          districtCode: districtOf(body.person.divisionCode),
          extra: {
            unemployedSince: body.unemployedSince,
            education: body.education,
            residenceAddress: body.residenceAddress,
            keyGroups: body.keyGroups,
          },
        });
        return { row, person, calendar: await loadCalendar(tx) };
      });
    });
    const clear = canSeeClearPersonalData(caller.role, "case");
    return c.json(presentRegistration(result.row, result.person, vault, clear, result.calendar), 201);
  });
}
