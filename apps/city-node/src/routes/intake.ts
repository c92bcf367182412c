import { z } from "@hono/zod-openapi";
import {
  type Access,
  errorResponses,
  IdempotencyHeaders,
  IdParam,
  invalidRequest,
  problemResponse,
  REPLAYED_HEADER,
} from "@pes/http";
import type { Context } from "hono";
import { defineRoute, staff } from "../auth/access.js";
import type { App, AppEnv } from "../context.js";
import type { StaffRole } from "../db/tables/network.js";
import {
  type Applied,
  atomically,
  type Intake,
  type IntakeContext,
  type IntakeRecord,
  type Named,
  type SourcedInput,
} from "../use-cases/intake/index.js";
import { useCaseContext } from "./context.js";
import { withRules } from "./rule-errors.js";

/*
 * The HTTP face of the intake (use-cases/intake): one POST and one PUT per record kind, each a thin
 * call of the kind's one intake path in a transaction of its own. The same path serves a batch item.
 */

/** The intake context of this request, on `db` (the request's transaction). */
export function intakeContext(c: Context<AppEnv>, db: Parameters<typeof useCaseContext>[1]): IntakeContext {
  return { ...useCaseContext(c, db), caller: c.get("caller") };
}

/**
 * Runs `body` in a transaction of its own (atomically: refusals outside the caller's area, or audited
 * ones, are audited as deny after it rolled back); the domain's rule errors become problem+json (422,
 * 409, 404, 403 with the field paths).
 */
export function inTransaction<T>(
  c: Context<AppEnv>,
  entity: string,
  named: Named | undefined,
  body: (ctx: IntakeContext) => Promise<T>,
): Promise<T> {
  return withRules(() => atomically(intakeContext(c, c.get("services").db.db), { entity, named }, body));
}

/** The revision an `If-Match` header names: `"3"`, `W/"3"` or `3` (the ETag of every answer); undefined when absent. */
export function revisionOfIfMatch(header: string | undefined): number | undefined | "invalid" {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : "invalid";
}

/**
 * The answer to an intake: 201 with Location for a new record, 200 for a revision, 200 with
 * `Idempotent-Replayed: true` when nothing changed; the record's revision as its ETag.
 */
export function answer(c: Context<AppEnv>, applied: Applied, view: unknown, path: string): Response {
  c.header("ETag", `"${applied.revision}"`);
  if (applied.outcome === "unchanged") c.header(REPLAYED_HEADER, "true");
  if (applied.outcome === "created") c.header("Location", `${path}/${applied.id}`);
  return c.json(view as object, applied.outcome === "created" ? 201 : 200);
}

export const ETagHeader = {
  ETag: {
    description: 'The record\'s revision, e.g. "2": send it back as If-Match to revise exactly that one',
    schema: { type: "string" as const },
  },
};

const SOURCE_NOTE =
  "\n\nIdempotent intake: `sourceRecordId` is the city system's own id of the record. The same id with the same " +
  "content again (or with a content the record held before: a history sent again) writes and publishes nothing " +
  "and answers the record (200, `Idempotent-Replayed: true`); with " +
  "other content it is a new revision of the same record under the rules of a revision (200, published as " +
  "revision n+1). A retry with the same `Idempotency-Key` (per staff member, 24 hours) gets the first answer back.";

export interface IntakeRouteSpec<I extends SourcedInput, R extends IntakeRecord> {
  intake: Intake<I, R>;
  /** The collection, e.g. /v1/training-records; PUT is at <path>/{id}. */
  path: string;
  tags: string[];
  /** The OpenAPI name of the input, e.g. TrainingRecordInput. */
  inputName: string;
  /** The answer's schema (named) and how a record is shown to this caller. */
  view: z.ZodType;
  present: (c: Context<AppEnv>, record: R) => unknown | Promise<unknown>;
  access?: Access<StaffRole>;
  post: { summary: string; description: string };
  /** When the kind is revised by id (PUT <path>/{id}). */
  put?: { summary: string; description: string };
}

const named = new Map<string, z.ZodType>();
const inputOfKind = new Map<string, z.ZodType>();

/** The named input of a kind whose routes are registered: what a batch item's record is documented as. */
export const namedInputOf = (kind: string): z.ZodType | undefined => inputOfKind.get(kind);

/**
 * The intake's input as a named component of the document. The use cases build it with plain zod
 * (they know no OpenAPI), so it is named by its metadata id, once per process: the registry of ids
 * refuses a second schema under the same id, and every app of a process shares the schema.
 */
function namedSchema(schema: z.ZodType, name: string): z.ZodType {
  let found = named.get(name);
  if (!found) {
    found = schema.meta({ id: name });
    named.set(name, found);
  }
  return found;
}

/** POST <path> (and PUT <path>/{id}) of one record kind, through its intake. */
export function registerIntakeRoutes<I extends SourcedInput, R extends IntakeRecord>(
  app: App,
  spec: IntakeRouteSpec<I, R>,
): void {
  const { intake, path } = spec;
  const Input = namedSchema(intake.input, spec.inputName);
  inputOfKind.set(intake.kind, Input);
  const json = (schema: z.ZodType) => ({ "application/json": { schema } });
  const postRoute = defineRoute({
    method: "post",
    path,
    tags: spec.tags,
    summary: spec.post.summary,
    description: spec.post.description + SOURCE_NOTE,
    access: spec.access ?? staff,
    request: { headers: IdempotencyHeaders, body: { required: true, content: json(Input) } },
    responses: {
      201: { description: "Recorded (revision 1)", headers: ETagHeader, content: json(spec.view) },
      200: {
        description:
          "The sourceRecordId is known: the record unchanged (`Idempotent-Replayed: true`) or its new revision",
        headers: ETagHeader,
        content: json(spec.view),
      },
      ...errorResponses,
      404: problemResponse("The person (or the record of this sourceRecordId) is not in your area"),
      409: problemResponse(
        "A rule of the ledger conflicts (e.g. one open record per person), or the first request with this Idempotency-Key is still being handled",
      ),
      422: problemResponse(
        "A rule refused the record or its revision (`errors[].path` names the field), or the Idempotency-Key was used for another request",
      ),
    },
  });
  app.openapi(postRoute, async (c) => {
    const input = c.req.valid("json" as never) as I;
    const named = intake.names?.(input);
    const applied = await inTransaction(c, intake.entity, named, (ctx) => intake.apply(ctx, input));
    return answer(c, applied, await spec.present(c, applied.record), path) as never;
  });

  if (!spec.put) return;
  const putRoute = defineRoute({
    method: "put",
    path: `${path}/{id}`,
    tags: spec.tags,
    summary: spec.put.summary,
    description:
      `${spec.put.description}\n\nThe full desk form, as at creation, under the same rules (the person's area ` +
      "included) and the changes the record's life allows (422 at the field otherwise). The same content " +
      "again changes nothing (200, `Idempotent-Replayed: true`); other content is published as revision n+1. " +
      'Send `If-Match: "<revision>"` (the ETag) to revise only that revision: 409 revision-conflict otherwise.',
    access: spec.access ?? staff,
    request: {
      params: IdParam,
      headers: z.object({
        "if-match": z.string().optional().openapi({
          description:
            'The revision you revise, as the ETag gave it ("2"); absent: whatever the record is at',
          example: '"2"',
        }),
      }),
      body: { required: true, content: json(Input) },
    },
    responses: {
      200: { description: "The record after the revision", headers: ETagHeader, content: json(spec.view) },
      ...errorResponses,
      404: problemResponse("No such record in your area"),
      409: problemResponse(
        "If-Match names another revision than the record's (revision-conflict), or a rule of the ledger conflicts",
      ),
      422: problemResponse("A rule refused the revision; `errors[].path` names the field"),
    },
  });
  app.openapi(putRoute, async (c) => {
    const { id } = c.req.valid("param" as never) as { id: string };
    const input = c.req.valid("json" as never) as I;
    const expectedRevision = revisionOfIfMatch(c.req.header("if-match"));
    if (expectedRevision === "invalid")
      return invalidRequest(c, [
        { path: "if-match", in: "header", message: 'must be a revision, e.g. "2"' },
      ]) as never;
    const applied = await inTransaction(c, intake.entity, { entityId: id }, (ctx) =>
      intake.reviseById(ctx, id, input, { expectedRevision }),
    );
    return answer(c, applied, await spec.present(c, applied.record), path) as never;
  });
}
