import { z } from "@hono/zod-openapi";
import { canonicalJson, DomainError } from "@pes/core";
import type { Database } from "@pes/sync/db";
import type { IdempotencyTable } from "@pes/sync/schema";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Context, Env, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { invalidRequest } from "./problem.js";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** The header of an answer that was given before (a replay), or of a write that changed nothing. */
export const REPLAYED_HEADER = "Idempotent-Replayed";

/** A key is remembered this long by default; after that the same key starts a new request. */
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

/** What the middleware needs of a cipher: to seal kept answers and to fingerprint requests (keyed). */
export interface IdempotencyCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  fingerprint(plain: string): string;
}

/**
 * The request as one string: method, path and the body as canonical JSON (the raw text when it is not
 * JSON), so the same request written with its fields in another order is the same request.
 */
export function requestTextOf(method: string, path: string, body: string): string {
  let normal = body;
  try {
    normal = canonicalJson(JSON.parse(body));
  } catch {
    // Not JSON: the raw text is the request.
  }
  return `${method} ${path}\n${normal}`;
}

/**
 * The body as the fingerprint reads it: its text when it is UTF-8, else its bytes in base64 (a file).
 * Read as bytes, so a binary body reaches the route as sent (Hono derives a later read from the first).
 */
async function bodyTextOf(c: Context): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return `base64:${Buffer.from(bytes).toString("base64")}`;
  }
}

export interface IdempotencyOptions<E extends Env> {
  /** The table the answers are kept in (idempotencyTable of @pes/sync/schema, in the service's schema). */
  table: IdempotencyTable;
  /** Whose keys these are: the caller's tenant (a gig market) or the caller (a staff member). Runs after auth. */
  scope: (c: Context<E>) => string;
  /** The service's database. */
  db: (c: Context<E>) => Database;
  /** Seals the kept answers and fingerprints the requests (PiiCipher of @pes/sync). */
  cipher: (c: Context<E>) => IdempotencyCipher;
  /** The methods that honour the header; POST by default. */
  methods?: readonly string[];
}

/**
 * Every POST with an Idempotency-Key: the first request runs and its answer (status and body) is
 * kept per scope and key; a retry with the same request gets that answer again, with
 * `Idempotent-Replayed: true`. The same key with another request is refused (422), and so is a retry
 * while the first is still running (409). Server errors (5xx) are not kept, so a retry after one runs
 * again. Mount it after authentication.
 */
export function idempotency<E extends Env>(options: IdempotencyOptions<E>): MiddlewareHandler<E> {
  const { table } = options;
  const methods = new Set(options.methods ?? ["POST"]);

  /** Claims the key for this request; false when it is already taken (by a request in the last 24 hours). */
  async function claim(db: Database, scope: string, key: string, fingerprint: string): Promise<boolean> {
    const claimed = await db
      .insert(table)
      .values({ scope, key, fingerprint })
      .onConflictDoUpdate({
        target: [table.scope, table.key],
        set: {
          fingerprint,
          startedAt: sql`now()`,
          completedAt: null,
          status: null,
          contentType: null,
          bodyEnc: null,
        },
        setWhere: sql`${table.startedAt} < now() - ${KEPT_FOR}::interval`,
      })
      .returning({ key: table.key });
    return claimed.length > 0;
  }

  return async function replayOrRun(c, next) {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (!methods.has(c.req.method) || key === undefined) return next();
    const checked = IdempotencyHeaders.shape[IDEMPOTENCY_HEADER].safeParse(key);
    if (!checked.success) {
      return invalidRequest(c, [
        { path: IDEMPOTENCY_HEADER, in: "header", message: "must be 1 to 100 characters" },
      ]);
    }
    const db = options.db(c);
    const cipher = options.cipher(c);
    const scope = options.scope(c);
    const fingerprint = cipher.fingerprint(requestTextOf(c.req.method, c.req.path, await bodyTextOf(c)));
    const where = and(eq(table.scope, scope), eq(table.key, key));

    if (!(await claim(db, scope, key, fingerprint))) {
      const [first] = await db.select().from(table).where(where);
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
      c.header(REPLAYED_HEADER, "true");
      const body = first.bodyEnc === null ? "" : cipher.decrypt(first.bodyEnc);
      return c.body(body, first.status as ContentfulStatusCode, {
        ...(first.contentType ? { "Content-Type": first.contentType } : {}),
      });
    }

    await next();
    const mine = and(where, eq(table.fingerprint, fingerprint), isNull(table.completedAt));
    if (c.res.status >= 500) {
      await db.delete(table).where(mine);
      return;
    }
    const body = await c.res.clone().text();
    await db
      .update(table)
      .set({
        completedAt: sql`now()`,
        status: c.res.status,
        contentType: c.res.headers.get("content-type"),
        bodyEnc: body ? cipher.encrypt(body) : null,
      })
      .where(mine);
  };
}
