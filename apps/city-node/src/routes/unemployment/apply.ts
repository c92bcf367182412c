import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { loadCalendar } from "../../db/calendar.js";
import { canSeeClearPersonalData } from "../../domain/index.js";
import { applyForRegistration } from "../../use-cases/ledgers/unemployment.js";
import { atTheDesk } from "../person-desk.js";
import { todayOf } from "../shared.js";
import { presentRegistration } from "./present.js";
import { ApplyBody, RegistrationView } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/unemployment-registrations",
  tags: ["Unemployment registration 失业登记"],
  summary: "Apply for unemployment registration (失业登记申请)",
  description:
    "Checks eligibility (aged 16 up to the statutory retirement age by the 2025 schedule, able and willing to work, not employed), " +
    "that the person has no open registration, and sets the 10-working-day deadline. Every failing condition is listed at once (一次性告知).",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: ApplyBody } } } },
  responses: {
    201: { description: "Applied", content: { "application/json": { schema: RegistrationView } } },
    ...errorResponses,
  },
});

export function registerApply(app: App): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const { vault } = c.get("services");
    const caller = c.get("caller");
    const { femaleCategory, ...personInput } = body.person;
    const result = await atTheDesk(
      c,
      personInput,
      { entity: "unemployment-registration", ownsIdentity: true },
      async ({ tx, ctx, person, districtCode }) => {
        const record = {
          femaleCategory,
          ableToWork: body.ableToWork,
          wantsWork: body.wantsWork,
          currentlyEmployed: body.currentlyEmployed,
          placeBasis: body.placeBasis,
          servicePointId: body.servicePointId,
          appliedOn: body.appliedOn ?? todayOf(c),
          districtCode,
          extra: {
            unemployedSince: body.unemployedSince,
            education: body.education,
            residenceAddress: body.residenceAddress,
            keyGroups: body.keyGroups,
          },
        };
        const row = await applyForRegistration(ctx, { person, record });
        return { row, calendar: await loadCalendar(tx) };
      },
    );
    const clear = canSeeClearPersonalData(caller.role, "case");
    return c.json(presentRegistration(result.row, result.person, vault, clear, result.calendar), 201);
  });
}
