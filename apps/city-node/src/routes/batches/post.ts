import {
  allowBodySize,
  describeError,
  errorResponses,
  IdempotencyHeaders,
  MAX_BODY_EXTENSION,
  problem,
  problemResponse,
} from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { MAX_BATCH_ITEMS, runBatch } from "../../use-cases/batches/index.js";
import { intakeContext } from "../intake.js";
import { readBatchBody } from "./body.js";
import { itemView, loggerOf, logUnexpected } from "./problem.js";
import { BatchAnswer, batchItemSchema, UnknownServicePointsQuery } from "./schema.js";

/** The largest batch body: 10,000 records of a few hundred bytes each fit well within it. */
export const MAX_BATCH_BYTES = 20 * 1024 * 1024;

const PATH = "/v1/batches";

export function registerPostBatch(app: App): void {
  app.openAPIRegistry.register("BatchItem", batchItemSchema());
  const items = {
    type: "array" as const,
    maxItems: MAX_BATCH_ITEMS,
    items: { $ref: "#/components/schemas/BatchItem" },
  };
  const route = defineRoute({
    method: "post",
    path: PATH,
    tags: ["Intake 批量与导入"],
    summary: "Take in a batch of records of any kinds (批量报送): up to 10,000, each answered on its own",
    description:
      "The city system's bulk intake. Each item is `{ kind, record }`: `record` is exactly the body of that kind's " +
      "single POST (`sourceRecordId` included), and goes through the same intake and rules. The body is NDJSON " +
      "(`application/x-ndjson`, one item a line; a line that is not JSON is a refused item with its `line`) or a " +
      "JSON array (`application/json`; malformed JSON anywhere is a 400).\n\n" +
      "Items are applied in the batch's order, in transactions of 500: an item is applied whole or not at all " +
      "(one that fails is rolled back alone), a refused item never stops the others, and records about one " +
      "person are applied in the order they come (an unemployment application, then the same `sourceRecordId` " +
      "with `registeredOn`: its registration). The answer lists every item (`index`, `line`, `kind`, `id`, " +
      "`sourceRecordId`, `status`: created, revised, unchanged or refused, and for a refused one `problem`, the " +
      "problem a single POST would have got, field paths inside the item) and the counts.\n\n" +
      "Sent again, a batch whose items carry `sourceRecordId` is all `unchanged` (nothing written or published; " +
      "a content a record held before, such as the application before its registration, is unchanged too); " +
      "with the same `Idempotency-Key` the first answer comes back. Items without `sourceRecordId` are new " +
      "records each time: a city system sends its ids.",
    access: staff,
    [MAX_BODY_EXTENSION]: MAX_BATCH_BYTES,
    request: {
      query: UnknownServicePointsQuery,
      headers: IdempotencyHeaders,
      body: {
        required: true,
        content: {
          "application/x-ndjson": {
            schema: {
              type: "string",
              description: "One BatchItem as JSON a line",
              example: '{"kind":"training-record","record":{…}}',
            },
          },
          "application/json": { schema: items },
        },
      },
    },
    responses: {
      200: {
        description: "Taken: every item's outcome, refused ones with their problem",
        content: { "application/json": { schema: BatchAnswer } },
      },
      ...errorResponses,
      400: problemResponse(
        "Nothing of the body can be read: not JSON, not an array, no item, no NDJSON line that is JSON (malformed-batch, empty-batch, malformed-json); a control character anywhere in a JSON array (validation)",
      ),
      403: problemResponse("unknownServicePoints=create by anyone but a city admin (forbidden-role)"),
      413: problemResponse(
        `More than ${MAX_BATCH_ITEMS} items (too-many-items) or a body over ${MAX_BATCH_BYTES / 1024 / 1024} MiB (body-too-large)`,
      ),
      415: problemResponse("Neither application/x-ndjson nor application/json (unsupported-media-type)"),
      422: problemResponse("The Idempotency-Key was used for another request (idempotency-key-reused)"),
      409: problemResponse("The first request with this Idempotency-Key is still being handled"),
      503: problemResponse(
        "The batch stopped part way (batch-interrupted: the database failed): the chunks before were applied, the rest not; `counts` and `items` say which. Send it again: items with a sourceRecordId already applied come back unchanged",
      ),
    },
  });
  allowBodySize(app, "POST", PATH, MAX_BATCH_BYTES);

  app.openapi(route, async (c) => {
    const { unknownServicePoints } = c.req.valid("query");
    const caller = c.get("caller");
    if (unknownServicePoints === "create" && caller.role !== "city-admin")
      return problem(c, {
        status: 403,
        code: "forbidden-role",
        detail: `Only a city admin creates service points (unknownServicePoints=create); you are ${caller.role}`,
      }) as never;
    const body = readBatchBody(c.req.header("content-type"), await c.req.text(), MAX_BATCH_ITEMS);
    if (!body.ok) return problem(c, { status: body.status, code: body.code, detail: body.detail }) as never;
    const { db } = c.get("services");
    const outcome = await runBatch(intakeContext(c, db.db), body.items, {
      unknownServicePoints: unknownServicePoints ?? "refuse",
      onUnexpected: logUnexpected(loggerOf(c), c.get("requestId")),
    });
    const answer = { counts: outcome.counts, items: outcome.results.map(itemView) };
    if (outcome.interrupted) {
      loggerOf(c).error("batch interrupted", {
        requestId: c.get("requestId"),
        atIndex: outcome.interrupted.atIndex,
        ...describeError(outcome.interrupted.error),
      });
      return problem(c, {
        status: 503,
        code: "batch-interrupted",
        detail: `The batch stopped at item ${outcome.interrupted.atIndex}: the items before it are applied, the rest are not (status refused, not-applied); send it again`,
        extensions: answer,
      }) as never;
    }
    return c.json(answer, 200) as never;
  });
}
