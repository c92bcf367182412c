import type { z } from "@hono/zod-openapi";
import { errorResponses, IdempotencyHeaders, IdParam } from "@pes/http";
import type { Context } from "hono";
import { defineRoute, staff } from "../../auth/access.js";
import type { App, AppEnv } from "../../context.js";
import { loadCalendar } from "../../db/calendar.js";
import { canSeeClearPersonalData, type UnemploymentEvent } from "../../domain/index.js";
import { changeRegistration } from "../../use-cases/ledgers/unemployment.js";
import { useCaseContext } from "../context.js";
import { refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { todayOf } from "../shared.js";
import { loadRegistration } from "./load.js";
import { presentRegistration } from "./present.js";
import { CloseBody, RegisterBody, RegistrationView } from "./schema.js";

const tags = ["Unemployment registration 失业登记"];
const ok = {
  200: {
    description: "The registration after the change",
    content: { "application/json": { schema: RegistrationView } },
  },
  ...errorResponses,
};

const registerRoute = defineRoute({
  method: "post",
  path: "/v1/unemployment-registrations/{id}/register",
  tags,
  summary: "Complete the registration (办结: applied → registered)",
  access: staff,
  request: {
    params: IdParam,
    headers: IdempotencyHeaders,
    body: { required: false, content: { "application/json": { schema: RegisterBody } } },
  },
  responses: ok,
});

const closeRoute = defineRoute({
  method: "post",
  path: "/v1/unemployment-registrations/{id}/close",
  tags,
  summary: "Close the registration with a reason (注销)",
  access: staff,
  request: {
    params: IdParam,
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: CloseBody } } },
  },
  responses: ok,
});

export function registerTransitions(app: App): void {
  const change = (id: string, c: Context<AppEnv>, event: UnemploymentEvent, note?: string) => {
    const { db, vault } = c.get("services");
    const caller = c.get("caller");
    return refusalsAudited(c, "unemployment-registration", { entityId: id }, () =>
      withRules(() =>
        db.db.transaction(async (tx) => {
          const { row, person } = await loadRegistration(tx, id, caller, true);
          const updated = await changeRegistration(useCaseContext(c, tx), {
            registration: row,
            person,
            event,
            note,
          });
          const clear = canSeeClearPersonalData(caller.role, "case");
          return presentRegistration(updated, person, vault, clear, await loadCalendar(tx));
        }),
      ),
    );
  };

  app.openapi(registerRoute, async (c) => {
    const body = (c.req.valid("json") ?? {}) as z.infer<typeof RegisterBody>;
    const view = await change(c.req.valid("param").id, c, {
      type: "register",
      on: body.registeredOn ?? todayOf(c),
    });
    return c.json(view, 200);
  });

  app.openapi(closeRoute, async (c) => {
    const body = c.req.valid("json");
    const on = body.closedOn ?? todayOf(c);
    const event: UnemploymentEvent =
      body.reason === "withdrawn" ? { type: "withdraw", on } : { type: "close", on, reason: body.reason };
    const view = await change(c.req.valid("param").id, c, event, body.note);
    return c.json(view, 200);
  });
}
