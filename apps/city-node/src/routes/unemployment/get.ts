import { errorResponses, IdParam } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { loadCalendar } from "../../db/calendar.js";
import { canSeeClearPersonalData } from "../../domain/index.js";
import { audit } from "../../use-cases/audit/record.js";
import { refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { purposeOf } from "../shared.js";
import { loadRegistration } from "./load.js";
import { presentRegistration } from "./present.js";
import { RegistrationView } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/unemployment-registrations/{id}",
  tags: ["Unemployment registration 失业登记"],
  summary: "One unemployment registration (the read is audited)",
  access: staff,
  request: { params: IdParam },
  responses: {
    200: { description: "The registration", content: { "application/json": { schema: RegistrationView } } },
    ...errorResponses,
  },
});

export function registerGet(app: App): void {
  app.openapi(route, async (c) => {
    const { db, vault } = c.get("services");
    const caller = c.get("caller");
    const { id } = c.req.valid("param");
    const { row, person } = await refusalsAudited(c, "unemployment-registration", { entityId: id }, () =>
      withRules(() => loadRegistration(db.db, id, caller)),
    );
    await audit(db.db, {
      staffId: caller.staffId,
      action: "read",
      entity: "unemployment-registration",
      entityId: row.id,
      personId: person.id,
      purpose: purposeOf(c),
      requestId: c.get("requestId"),
    });
    const calendar = await loadCalendar(db.db);
    return c.json(
      presentRegistration(row, person, vault, canSeeClearPersonalData(caller.role, "case"), calendar),
      200,
    );
  });
}
