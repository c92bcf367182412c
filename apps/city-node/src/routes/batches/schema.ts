import { z } from "@hono/zod-openapi";
import { FieldErrorSchema } from "@pes/http";
import { INTAKE_KINDS } from "../../use-cases/intake/index.js";
import { namedInputOf } from "../intake.js";

/** What a record of a batch or import may carry besides its kind's input: its service point by the city's code. */
export const PointFields = z.object({
  servicePointCode: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({
      description:
        "The service point by the city's own code (its employment system's), instead of servicePointId: the point " +
        "with that `code` (PUT /v1/service-points), else the one whose id it is. Unknown: the item is refused at " +
        "servicePointCode, or with `unknownServicePoints=create` (city admin) the point is created in the district " +
        "of the record's person (a vacancy: its employer) and named in the answer (`servicePointCreated`)",
      example: "XM-SM-001",
    }),
  servicePointName: z.string().min(1).max(100).optional().openapi({
    description: "The name a service point created for servicePointCode gets (default: the code)",
    example: "思明区人力资源市场",
  }),
});

/** One item of a batch: `{ kind, record }` (documentation; the route reads items one by one). */
export function batchItemSchema() {
  const variants = INTAKE_KINDS.map((kind) =>
    z.object({
      kind: z.literal(kind),
      record: z.intersection(namedInputOf(kind) ?? z.object({}), PointFields).openapi({
        description: `The record, exactly the body of the ${kind}'s single POST (sourceRecordId included)`,
      }),
    }),
  );
  return z.discriminatedUnion("kind", variants as never).openapi("BatchItem", {
    description:
      "A record and its kind. The record is not spread into the item (`{ kind, ...record }`) because a " +
      "training record has a `kind` of its own",
  });
}

export const ItemStatus = z.enum(["created", "revised", "unchanged", "refused"]);

export const ItemProblem = z
  .object({
    type: z.string().openapi({ example: "urn:pes:problem:invalid-training-record" }),
    title: z.string(),
    status: z.number().int().openapi({
      description: "The status a single POST of the record would have got: 400, 403, 404, 409, 422, 500, 503",
    }),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).optional().openapi({
      description: "Each field refused, its path inside the item (record.person.idNumber)",
    }),
  })
  .openapi("BatchItemProblem", { description: "Why an item was refused: RFC 9457 problem details" });

export const BatchCounts = z
  .object({
    items: z.number().int(),
    created: z.number().int(),
    revised: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
  })
  .openapi("BatchCounts");

export const ItemResultView = z
  .object({
    index: z.number().int().openapi({ description: "The item's position in the batch, from 0" }),
    line: z.number().int().optional().openapi({ description: "Its line in an NDJSON body, from 1" }),
    kind: z.string().nullable(),
    status: ItemStatus,
    id: z.uuid().optional().openapi({ description: "The record's id (not for a refused item)" }),
    revision: z.number().int().optional(),
    sourceRecordId: z.string().nullable().optional(),
    servicePointCreated: z.string().optional().openapi({
      description: "The id of the service point this item created (unknownServicePoints=create)",
    }),
    problem: ItemProblem.optional(),
  })
  .openapi("BatchItemResult");

export const BatchAnswer = z
  .object({ counts: BatchCounts, items: z.array(ItemResultView) })
  .openapi("BatchAnswer");

export const UnknownServicePointsQuery = z.object({
  unknownServicePoints: z
    .enum(["refuse", "create"])
    .optional()
    .openapi({
      description:
        "A service point a record names that the node does not know: `refuse` (the default) reports the item at " +
        "servicePointCode; `create` (city admin only) creates it in the district of the record's person or " +
        "employer, in the item's own savepoint. With `create` a servicePointId the node does not know is created too",
    }),
});
