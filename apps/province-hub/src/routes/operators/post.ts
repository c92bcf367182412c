import { errorResponses } from "@pes/http";
import { admins, defineRoute } from "../../auth/access.js";
import { createOperator } from "../../auth/tokens.js";
import type { App } from "../../context.js";
import { OperatorInput, OperatorView, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/operators",
  tags,
  summary: "Add an operator (admin)",
  access: admins,
  request: { body: { required: true, content: { "application/json": { schema: OperatorInput } } } },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: OperatorView } } },
    ...errorResponses,
  },
});

export function registerPostOperator(app: App): void {
  app.openapi(route, async (c) => {
    const { name, role } = c.req.valid("json");
    const id = await createOperator(c.get("services").db.db, name, role);
    return c.json({ id, name, role, active: true }, 201);
  });
}
