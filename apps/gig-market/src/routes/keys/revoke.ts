import { DomainError } from "@pes/core";
import { IdParam, problemResponse } from "@pes/http";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { apiKeys, markets } from "../../db/tables/markets.js";
import { v1Errors } from "../shared.js";
import { tags } from "./schema.js";

const route = defineRoute({
  method: "delete",
  path: "/v1/keys/{id}",
  tags,
  summary: "Revoke one of your API keys; it is refused from then on",
  description: "A market keeps at least one active key: revoking the last one is refused (409).",
  access: market,
  request: { params: IdParam },
  responses: {
    204: { description: "Revoked (or already revoked)" },
    404: problemResponse("Your market has no such key"),
    409: problemResponse("It is your market's last active key"),
    ...v1Errors,
  },
});

export function registerRevokeKey(app: App): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const marketId = c.get("market").id;
    await c.get("services").db.db.transaction(async (tx) => {
      // One revocation per market at a time, so two cannot each leave the other's key as the last.
      await tx.select({ id: markets.id }).from(markets).where(eq(markets.id, marketId)).for("update");
      const [key] = await tx
        .select({ revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(and(eq(apiKeys.id, id), eq(apiKeys.marketId, marketId)));
      if (!key) throw new DomainError("not_found", "api-key-not-found", `Your market has no API key ${id}`);
      if (key.revokedAt) return;
      const [others] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(apiKeys)
        .where(and(eq(apiKeys.marketId, marketId), isNull(apiKeys.revokedAt), ne(apiKeys.id, id)));
      if (!others?.n)
        throw new DomainError(
          "conflict",
          "last-api-key",
          "This is your market's last active key; issue another (POST /v1/keys) before revoking it",
        );
      await tx.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, id));
    });
    return c.body(null, 204);
  });
}
