import { DomainError } from "@pes/core";
import { errorResponses, IdParam } from "@pes/http";
import { eq } from "drizzle-orm";
import { admins, defineRoute } from "../../auth/access.js";
import { issueToken } from "../../auth/tokens.js";
import type { App } from "../../context.js";
import { operators } from "../../db/tables/operators.js";
import { IssuedToken, TokenInput, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/operators/{id}/tokens",
  tags,
  summary: "Issue a bearer token for an operator (admin); the token is shown once",
  access: admins,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: TokenInput } } },
  },
  responses: {
    201: { description: "Issued", content: { "application/json": { schema: IssuedToken } } },
    ...errorResponses,
  },
});

export function registerPostOperatorToken(app: App): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.get("services");
    const [operator] = await db.db
      .select({ id: operators.id, active: operators.active })
      .from(operators)
      .where(eq(operators.id, id));
    if (!operator?.active)
      throw new DomainError("not_found", "operator-not-found", `No active operator ${id}`);
    const token = await issueToken(
      db.db,
      id,
      body.label,
      body.expiresAt ? new Date(body.expiresAt) : undefined,
    );
    return c.json({ token }, 201);
  });
}
