import { PageQuery, pageFrom, pageOf, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { apiKeys } from "../../db/tables/markets.js";
import { iso, v1Errors } from "../shared.js";
import { KeyView, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/keys",
  tags,
  summary: "Your market's API keys, newest first, revoked ones included; never a key or its hash",
  access: market,
  request: { query: PageQuery },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(KeyView, "ApiKeyPage") } },
    },
    ...v1Errors,
  },
});

export function registerListKeys(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const keys = newestFirst(apiKeys.createdAt, apiKeys.id);
    const rows = await c
      .get("services")
      .db.db.select({ ...getTableColumns(apiKeys), cursorAt: keys.at })
      .from(apiKeys)
      .where(and(eq(apiKeys.marketId, c.get("market").id), keys.after(readCursor(cursor))))
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    const current = c.get("apiKeyId");
    return c.json(
      {
        items: page.rows.map((k) => ({
          id: k.id,
          label: k.label,
          prefix: k.prefix,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: iso(k.lastUsedAt),
          revokedAt: iso(k.revokedAt),
          current: k.id === current,
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
}
