import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { asc } from "drizzle-orm";
import { admins, defineRoute } from "../../auth/access.js";
import type { App } from "../../context.js";
import { operators, operatorTokens } from "../../db/tables/operators.js";
import { OperatorWithTokens, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/operators",
  tags,
  summary: "List operators and their tokens, oldest first (admin); token hashes are never shown",
  access: admins,
  responses: {
    200: {
      description: "Operators, each with its tokens",
      content: { "application/json": { schema: z.object({ items: z.array(OperatorWithTokens) }) } },
    },
    ...errorResponses,
  },
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function registerListOperators(app: App): void {
  app.openapi(route, async (c) => {
    const { db } = c.get("services").db;
    const people = await db.select().from(operators).orderBy(asc(operators.createdAt), asc(operators.id));
    const tokens = await db
      .select({
        id: operatorTokens.id,
        operatorId: operatorTokens.operatorId,
        label: operatorTokens.label,
        createdAt: operatorTokens.createdAt,
        expiresAt: operatorTokens.expiresAt,
        revokedAt: operatorTokens.revokedAt,
      })
      .from(operatorTokens)
      .orderBy(asc(operatorTokens.createdAt), asc(operatorTokens.id));
    const items = people.map((p) => ({
      ...p,
      createdAt: p.createdAt.toISOString(),
      tokens: tokens
        .filter((t) => t.operatorId === p.id)
        .map(({ operatorId: _, ...t }) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          expiresAt: iso(t.expiresAt),
          revokedAt: iso(t.revokedAt),
        })),
    }));
    return c.json({ items }, 200);
  });
}
