import { z } from "@hono/zod-openapi";
import { pageQuery } from "@pes/http";

export const tags = ["Flow-back receipts 回流回执"];

/** A receiver of flow-back by its source. */
export const Receiver = z
  .string()
  .regex(
    /^\/(city\/\d{6}|gig\/[a-z0-9][a-z0-9-]{1,62})$/,
    "a receiver such as /city/350200 or /gig/xm-siming",
  )
  .openapi({ description: "A city node (/city/<code>) or gig market (/gig/<id>)", example: "/city/350200" });

export const OverdueMinutes = z.coerce
  .number()
  .int("must be a whole number of minutes")
  .min(0)
  .max(44_640)
  .optional()
  .openapi({
    description: "Unacknowledged for longer than this is overdue; default PES_RECEIPT_OVERDUE_MINUTES (60)",
  });

const receiverFields = {
  receiver: z.string(),
  cityCode: z.string().nullable(),
  cityName: z.string().nullable(),
  marketId: z.string().nullable(),
};

export const ReceiverSummary = z
  .object({
    ...receiverFields,
    sent: z.number().int().openapi({ description: "Flow-back records sent to it in the window" }),
    received: z.number().int().openapi({ description: "Of those, acknowledged: applied or refused" }),
    applied: z.number().int(),
    refused: z.number().int(),
    unacknowledged: z.number().int().openapi({ description: "Sent, no receipt yet" }),
    overdue: z.number().int().openapi({ description: "Unacknowledged for longer than overdueMinutes" }),
    flagged: z.number().int().openapi({
      description:
        "Receipts received in the window that match nothing the hub sent it (not sent, sent to another, another digest)",
    }),
    lastSentAt: z.string().nullable(),
    lastReceiptAt: z.string().nullable(),
  })
  .openapi("FlowbackReceiverSummary");

export const FlowbackStatus = z.enum(["applied", "refused", "unacknowledged", "overdue"]).openapi({
  description: "What came of it: the receiver's latest receipt for it, or none yet (overdue past the time)",
});

export const FlowbackRecord = z
  .object({
    recordId: z.string().openapi({ description: "The flow-back record's event id (ce_id)" }),
    ...receiverFields,
    sentAt: z
      .string()
      .openapi({ description: "When the hub wrote it to its outbox, as its evidence log holds it" }),
    digest: z.string().openapi({ description: "Its SM3 leaf as sent (docs/adr/0006)" }),
    status: FlowbackStatus,
    recordType: z
      .string()
      .nullable()
      .openapi({ description: "Its CloudEvents type, as the receipt names it" }),
    reasonCode: z.string().nullable(),
    reason: z.string().nullable(),
    acknowledgedAt: z
      .string()
      .nullable()
      .openapi({ description: "When the receiver applied or refused it, by its clock" }),
    receiptReceivedAt: z.string().nullable().openapi({ description: "When the hub received the receipt" }),
  })
  .openapi("FlowbackRecord");

export const Receipt = z
  .object({
    receiptId: z.string(),
    recordId: z.string(),
    ...receiverFields,
    recordType: z.string(),
    digest: z.string().openapi({ description: "The flow-back record's leaf as the receiver read it" }),
    outcome: z.enum(["applied", "refused"]),
    reasonCode: z.string().nullable(),
    reason: z.string().nullable(),
    acknowledgedAt: z.string(),
    receivedAt: z.string(),
    flag: z.enum(["not-sent", "other-receiver", "digest-mismatch"]).nullable().openapi({
      description:
        "Why it acknowledges nothing: the hub never sent that record, sent it to another receiver, or with another digest",
    }),
  })
  .openapi("FlowbackReceipt");

export const RecordsQuery = z.object({
  receiver: Receiver.optional(),
  status: FlowbackStatus.optional(),
  overdueMinutes: OverdueMinutes,
  ...pageQuery({ max: 500, defaultLimit: 100 }).shape,
});

export const ReceiptsQuery = z.object({
  receiver: Receiver.optional(),
  outcome: z.enum(["applied", "refused"]).optional(),
  flagged: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "true: only receipts that match nothing sent; false: only those that do" }),
  ...pageQuery({ max: 500, defaultLimit: 100 }).shape,
});
