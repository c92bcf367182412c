import { z } from "@hono/zod-openapi";

export const tags = ["Stream monitoring 数据流监控"];

const PerKind = z.object({
  produced: z.number(),
  consumed: z.number(),
  deadLettered: z.number(),
});

export const ThroughputRow = z
  .object({
    topic: z.string(),
    cityCode: z.string().nullable(),
    type: z.string(),
    source: z.string(),
    perMinute: PerKind.openapi({ description: "Records per minute over the last window" }),
    total: PerKind.openapi({ description: "Records since the hub started" }),
  })
  .openapi("ThroughputRow");

export const PartitionLag = z
  .object({
    topic: z.string(),
    partition: z.number().int(),
    committed: z.number().int(),
    high: z.number().int(),
    lag: z.number().int(),
  })
  .openapi("PartitionLag");

export const SilentNode = z
  .object({
    source: z.string(),
    cityCode: z.string().nullable(),
    cityName: z.string().nullable(),
    expected: z.boolean().openapi({ description: "A city node the province expects to hear from" }),
    lastHeardAt: z.string().nullable(),
    silentMinutes: z.number().int().nullable().openapi({ description: "null: never heard from" }),
  })
  .openapi("SilentNode");

export const CityReporting = z
  .object({
    cityCode: z.string(),
    cityName: z.string(),
    source: z.string(),
    reported: z.boolean(),
    records: z.number().int(),
    lateRecords: z.number().int(),
    daysReported: z.number().int(),
    firstRecordAt: z.string().nullable(),
    lastRecordAt: z.string().nullable(),
    lastReceivedAt: z.string().nullable(),
    status: z.enum(["on-time", "late", "silent", "pending"]),
  })
  .openapi("CityReporting");

export const DeadLetter = z
  .object({
    partition: z.number().int(),
    offset: z.string(),
    reason: z.string(),
    detail: z.string(),
    fieldPath: z.string().optional(),
    schema: z.string().optional(),
    originTopic: z.string(),
    originPartition: z.number().int(),
    originOffset: z.string(),
    group: z.string(),
    at: z.string(),
    eventId: z.string().nullable(),
    type: z.string().nullable(),
    source: z.string().nullable(),
    cityCode: z.string().nullable(),
    summary: z.string().openapi({
      description:
        "Size, format and field names of the value (opened with the hub's keys when it was sealed for the province), or whom it is sealed for; never a value",
    }),
    code: z.string().nullable().openapi({
      description:
        "The rule that refused it, when the consumer's handler named one, e.g. person-key-mismatch",
    }),
    noticeId: z.string().nullable().openapi({
      description:
        "The record-rejection-notice sent to the record's city about it (its event id, for GET /v1/flowback/records/{id}); null when no city may be told: the refusal came before the city's signature verified, or was not the city's doing",
    }),
    replays: z.array(z.object({ operatorId: z.string(), at: z.string(), forced: z.boolean() })),
  })
  .openapi("DeadLetter");

export const Replay = z
  .object({
    partition: z.number().int(),
    offset: z.string(),
    originTopic: z.string(),
    replayedAt: z.string(),
    operatorId: z.string(),
    forced: z.boolean(),
  })
  .openapi("DeadLetterReplay");
