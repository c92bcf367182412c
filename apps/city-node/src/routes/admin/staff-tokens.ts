import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, IdempotencyHeaders, IdParam, problemResponse } from "@pes/http";
import { and, eq, isNull } from "drizzle-orm";
import { defineRoute, roles } from "../../auth/access.js";
import {
  DEFAULT_TOKEN_DAYS,
  expiryInDays,
  issueTokenWithId,
  MAX_TOKEN_DAYS,
  tokensOf,
} from "../../auth/tokens.js";
import type { App } from "../../context.js";
import { apiTokens, staff } from "../../db/tables/network.js";
import { audit } from "../../use-cases/audit/record.js";
import { adminAudit, tags } from "./staff-shared.js";

const TokenInput = z
  .object({
    label: z.string().min(1).max(100).openapi({ example: "desk pc 2" }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "When the token stops working; in the future, at most ten years ahead" }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_TOKEN_DAYS)
      .optional()
      .openapi({ description: "…or its lifetime in days from now" }),
  })
  .refine((b) => b.expiresAt === undefined || b.expiresInDays === undefined, {
    message: "Give expiresAt or expiresInDays, not both",
    path: ["expiresInDays"],
  })
  .openapi("TokenInput", {
    description: `Without expiresAt or expiresInDays the token expires in ${DEFAULT_TOKEN_DAYS} days.`,
  });

const IssuedToken = z
  .object({
    id: z.uuid(),
    token: z.string().openapi({ description: "The bearer token, shown this once and never again" }),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .openapi("IssuedToken");

const TokenParams = IdParam.extend({
  tokenId: z.uuid().openapi({ param: { name: "tokenId", in: "path" } }),
});

/** A token as a city admin sees it: never the token or its hash. */
const TokenSummary = z
  .object({
    id: z.uuid(),
    label: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    lastUsedAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({ description: "When it was last accepted, to the minute; null if never" }),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
    status: z.enum(["active", "expired", "revoked"]),
  })
  .openapi("StaffTokenSummary");

const listTokens = defineRoute({
  method: "get",
  path: "/v1/staff/{id}/tokens",
  tags,
  summary: "List a staff member's tokens, oldest first (city admin); never the token or its hash",
  access: roles("city-admin"),
  request: { params: IdParam },
  responses: {
    200: {
      description: "The staff member's tokens",
      content: { "application/json": { schema: z.object({ items: z.array(TokenSummary) }) } },
    },
    404: problemResponse("No such staff member"),
    ...errorResponses,
  },
});

const createToken = defineRoute({
  method: "post",
  path: "/v1/staff/{id}/tokens",
  tags,
  summary: "Issue a bearer token for a staff member (city admin); the token is shown once; audited",
  description: `The token expires at \`expiresAt\`, or \`expiresInDays\` from now, or by default in ${DEFAULT_TOKEN_DAYS} days; an expired token is answered 401 \`token-expired\`. A token that must not expire is issued at the node with the CLI (\`pnpm --filter @pes/city-node token -- --staff ID\`).`,
  access: roles("city-admin"),
  request: {
    params: IdParam,
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: TokenInput } } },
  },
  responses: {
    201: { description: "Issued", content: { "application/json": { schema: IssuedToken } } },
    404: problemResponse("No such staff member"),
    409: problemResponse("The staff member is deactivated"),
    ...errorResponses,
  },
});

const revokeToken = defineRoute({
  method: "delete",
  path: "/v1/staff/{id}/tokens/{tokenId}",
  tags,
  summary: "Revoke a staff member's token (city admin); it is refused (401) from the next request; audited",
  access: roles("city-admin"),
  request: { params: TokenParams },
  responses: {
    204: { description: "Revoked (or already revoked: the first revocation stays)" },
    404: problemResponse("The staff member has no such token"),
    ...errorResponses,
  },
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function assertStaffExists(db: Parameters<typeof tokensOf>[0], id: string) {
  const [member] = await db
    .select({ id: staff.id, active: staff.active })
    .from(staff)
    .where(eq(staff.id, id));
  if (!member) throw new DomainError("not_found", "staff-not-found", `No staff member ${id}`);
  return member;
}

export function registerStaffTokenRoutes(app: App): void {
  app.openapi(listTokens, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.get("services").db;
    await assertStaffExists(db, id);
    const items = (await tokensOf(db, id)).map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString(),
      expiresAt: iso(t.expiresAt),
      lastUsedAt: iso(t.lastUsedAt),
      revokedAt: iso(t.revokedAt),
    }));
    return c.json({ items }, 200);
  });

  app.openapi(createToken, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const now = new Date();
    const expiresAt = body.expiresAt
      ? new Date(body.expiresAt)
      : expiryInDays(body.expiresInDays ?? DEFAULT_TOKEN_DAYS, now);
    if (
      expiresAt.getTime() <= now.getTime() ||
      expiresAt.getTime() > expiryInDays(MAX_TOKEN_DAYS, now).getTime()
    )
      throw new DomainError(
        "invalid",
        "token-expiry-out-of-range",
        "The expiry must lie in the next ten years",
        {
          errors: [{ path: "expiresAt", message: "must be in the future, at most ten years ahead" }],
        },
      );
    const issued = await c.get("services").db.db.transaction(async (tx) => {
      const member = await assertStaffExists(tx, id);
      if (!member.active)
        throw new DomainError(
          "conflict",
          "staff-inactive",
          `Staff member ${id} is deactivated; reactivate them first`,
        );
      const issued = await issueTokenWithId(tx, id, body.label, expiresAt);
      await audit(tx, adminAudit(c, { action: "create", entity: "api_token", entityId: issued.id }));
      return issued;
    });
    return c.json({ ...issued, expiresAt: expiresAt.toISOString() }, 201);
  });

  app.openapi(revokeToken, async (c) => {
    const { id, tokenId } = c.req.valid("param");
    await c.get("services").db.db.transaction(async (tx) => {
      const [token] = await tx
        .select({ revokedAt: apiTokens.revokedAt })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.staffId, id)));
      if (!token)
        throw new DomainError(
          "not_found",
          "staff-token-not-found",
          `Staff member ${id} has no token ${tokenId}`,
        );
      // Revoking twice keeps the first revocation time, and is audited once.
      const revoked = await tx
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      if (revoked.length > 0)
        await audit(tx, adminAudit(c, { action: "revoke", entity: "api_token", entityId: tokenId }));
    });
    return c.body(null, 204);
  });
}
