import { createHash } from "node:crypto";
import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { invalidRequest } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../context.js";
import { idempotentRequests } from "../../db/tables/idempotency.js";

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** A key is remembered this long; after that the same key starts a new request. */
const KEPT_FOR = "24 hours";

/** For each POST route's `request.headers`, so the document shows the header. */
export const IdempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .min(1, "must be 1 to 100 characters")
    .max(100, "must be 1 to 100 characters")
    .optional()
    .openapi({
      description:
        "Any unique string, e.g. a UUID. A retry with the same key and body gets the first answer back (with `Idempotent-Replayed: true`) instead of acting twice; kept 24 hours.",
      example: "6f1c2a4e-1b7d-4f7e-9d3a-0c5b8e2f4a11",
    }),
});

/** JSON with its keys sorted, so the same request written differently has the same fingerprint. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export function fingerprintOf(method: string, path: string, body: string): string {
  let normal = body;
  try {
    normal = JSON.stringify(canonical(JSON.parse(body)));
  } catch {
    // Not JSON: the raw text is the request.
  }
  return createHash("sha256").update(`${method} ${path}\n${normal}`).digest("hex");
}

/** Claims the key for this request; false when it is already taken (by a request in the last 24 hours). */
async function claim(db: Database, marketId: string, key: string, fingerprint: string): Promise<boolean> {
  const claimed = await db
    .insert(idempotentRequests)
    .values({ marketId, key, fingerprint })
    .onConflictDoUpdate({
      target: [idempotentRequests.marketId, idempotentRequests.key],
      set: {
        fingerprint,
        startedAt: sql`now()`,
        completedAt: null,
        status: null,
        contentType: null,
        bodyEnc: null,
      },
      setWhere: sql`${idempotentRequests.startedAt} < now() - ${KEPT_FOR}::interval`,
    })
    .returning({ key: idempotentRequests.key });
  return claimed.length > 0;
}

/**
 * Every POST with an Idempotency-Key: the first request runs and its answer (status and body) is
 * kept per market and key; a retry with the same request gets that answer again. The same key with
 * another request is refused (422), and so is a retry while the first is still running (409). Server
 * errors (5xx) are not kept, so a retry after one runs again. Runs after auth.
 */
export const idempotency = (): MiddlewareHandler<AppEnv> =>
  async function replayOrRun(c, next) {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method !== "POST" || key === undefined) return next();
    const checked = IdempotencyHeaders.shape[IDEMPOTENCY_HEADER].safeParse(key);
    if (!checked.success) {
      return invalidRequest(c, [
        { path: IDEMPOTENCY_HEADER, in: "header", message: "must be 1 to 100 characters" },
      ]);
    }
    const { db, cipher } = c.get("services");
    const marketId = c.get("market").id;
    const fingerprint = fingerprintOf(c.req.method, c.req.path, await c.req.text());
    const where = and(eq(idempotentRequests.marketId, marketId), eq(idempotentRequests.key, key));

    if (!(await claim(db.db, marketId, key, fingerprint))) {
      const [first] = await db.db.select().from(idempotentRequests).where(where);
      if (first && first.fingerprint !== fingerprint)
        throw new DomainError(
          "invalid",
          "idempotency-key-reused",
          "This Idempotency-Key was used for another request; use a new key for a new request",
          {
            errors: [
              { path: IDEMPOTENCY_HEADER, in: "header", message: "already used with another request" },
            ],
          },
        );
      // Gone: the first request failed (5xx) just now and a retry will run.
      if (!first || first.completedAt === null || first.status === null)
        throw new DomainError(
          "conflict",
          "idempotency-in-progress",
          "The first request with this Idempotency-Key is still being handled; retry shortly",
        );
      c.header("Idempotent-Replayed", "true");
      const body = first.bodyEnc === null ? "" : cipher.decrypt(first.bodyEnc);
      return c.body(body, first.status as ContentfulStatusCode, {
        ...(first.contentType ? { "Content-Type": first.contentType } : {}),
      });
    }

    await next();
    const mine = and(
      where,
      eq(idempotentRequests.fingerprint, fingerprint),
      isNull(idempotentRequests.completedAt),
    );
    if (c.res.status >= 500) {
      await db.db.delete(idempotentRequests).where(mine);
      return;
    }
    const body = await c.res.clone().text();
    await db.db
      .update(idempotentRequests)
      .set({
        completedAt: sql`now()`,
        status: c.res.status,
        contentType: c.res.headers.get("content-type"),
        bodyEnc: body ? cipher.encrypt(body) : null,
      })
      .where(mine);
  };
