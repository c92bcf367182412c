import { DomainError } from "@pes/core";
import { errorResponses, problemResponse } from "@pes/http";
import { and, eq, sql } from "drizzle-orm";
import { admins, defineRoute } from "../../auth/access.js";
import type { App } from "../../context.js";
import { operatorTokens } from "../../db/tables/operators.js";
import { TokenParams, tags } from "./schema.js";

const route = defineRoute({
  method: "delete",
  path: "/v1/operators/{id}/tokens/{tokenId}",
  tags,
  summary: "Revoke an operator's token (admin); it is refused from then on",
  access: admins,
  request: { params: TokenParams },
  responses: {
    204: { description: "Revoked (or already revoked)" },
    404: problemResponse("The operator has no such token"),
    ...errorResponses,
  },
});

export function registerRevokeOperatorToken(app: App): void {
  app.openapi(route, async (c) => {
    const { id, tokenId } = c.req.valid("param");
    // Revoking twice keeps the first revocation time.
    const revoked = await c
      .get("services")
      .db.db.update(operatorTokens)
      .set({ revokedAt: sql`coalesce(${operatorTokens.revokedAt}, now())` })
      .where(and(eq(operatorTokens.id, tokenId), eq(operatorTokens.operatorId, id)))
      .returning({ id: operatorTokens.id });
    if (revoked.length === 0)
      throw new DomainError(
        "not_found",
        "operator-token-not-found",
        `Operator ${id} has no token ${tokenId}`,
      );
    return c.body(null, 204);
  });
}
