import { DomainError } from "@pes/core";
import { errorResponses, IdParam, problemResponse } from "@pes/http";
import { eq } from "drizzle-orm";
import { admins, defineRoute } from "../../auth/access.js";
import type { App } from "../../context.js";
import { operators } from "../../db/tables/operators.js";
import { OperatorPatch, OperatorView, tags } from "./schema.js";

const route = defineRoute({
  method: "patch",
  path: "/v1/operators/{id}",
  tags,
  summary: "Change an operator's role or (de)activate them (admin)",
  description:
    "Deactivating an operator refuses all their tokens. An admin cannot deactivate or demote themself.",
  access: admins,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: OperatorPatch } } },
  },
  responses: {
    200: {
      description: "The operator as changed",
      content: { "application/json": { schema: OperatorView } },
    },
    404: problemResponse("No such operator"),
    409: problemResponse("An admin cannot deactivate or demote themself"),
    ...errorResponses,
  },
});

export function registerPatchOperator(app: App): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { active, role } = c.req.valid("json");
    // The caller stays an active admin, so the hub keeps at least the admin making the change.
    if (id === c.get("operator").id && (active === false || (role !== undefined && role !== "admin")))
      throw new DomainError("conflict", "operator-self-demotion", "You cannot deactivate or demote yourself");
    const [row] = await c
      .get("services")
      .db.db.update(operators)
      .set({ ...(active === undefined ? {} : { active }), ...(role === undefined ? {} : { role }) })
      .where(eq(operators.id, id))
      .returning({ id: operators.id, name: operators.name, role: operators.role, active: operators.active });
    if (!row) throw new DomainError("not_found", "operator-not-found", `No operator ${id}`);
    return c.json(row, 200);
  });
}
