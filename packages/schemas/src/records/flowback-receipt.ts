import { z } from "zod";
import { jsonSchemaRules, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { RecordId, text } from "../values/identifiers.js";
import { singleLine } from "../values/plain-text.js";
import { byId, requireWhen } from "./common.js";

/**
 * Why a receiver refused a record, for machines: the consumer's dead-letter reason (`forged`,
 * `not-for-us`, `invalid-record`…) or the receiver's own rule (`unknown-registration`…); on an applied
 * record, a note such as `already-closed`.
 */
export const ReceiptReasonCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { error: "A reason code: lowercase letters, digits and '-'" })
  .meta({ description: "Kebab-case, e.g. unknown-registration, forged, not-for-us, already-closed" });

export const FlowbackReceipt = jsonSchemaRules(
  z
    .object({
      id: RecordId.meta({
        description:
          "The receipt's own id, derived from what it acknowledges and where it read it: written again after a crash, it is the same receipt",
      }),
      flowbackId: RecordId.meta({
        description: "The CloudEvents id (ce_id) of the flow-back record acknowledged",
      }),
      flowbackType: singleLine("The flow-back record's type").min(1).max(200).meta({
        description: "Its ce_type as received, e.g. cn.gov.fj.pes.registration-closure-instruction.v1",
      }),
      flowbackKey: text(200, "The flow-back record's key").meta({
        description: "Its Kafka key (a person key): the receipt's own key, so it travels in order with it",
      }),
      digest: z
        .string()
        .regex(/^[0-9a-f]{64}$/, { error: "An SM3 digest: 64 lowercase hex digits" })
        .meta({
          description:
            "The flow-back record's leaf as received, SM3(0x00 ‖ canonical form) (docs/adr/0006): what the hub's evidence log holds for what it sent",
        }),
      outcome: z.enum(["applied", "refused"]),
      reasonCode: ReceiptReasonCode.optional(),
      reason: text(500, "The reason")
        .optional()
        .meta({ description: "A short reason in English; it names fields and rules, never a value" }),
      appliedAt: Timestamp.optional().meta({ description: "When the receiver applied it (its transaction)" }),
      refusedAt: Timestamp.optional().meta({ description: "When the receiver refused it" }),
    })
    .superRefine((r, ctx) => {
      const applied = r.outcome === "applied";
      requireWhen(ctx, applied, r.appliedAt, "appliedAt", "An applied record needs appliedAt");
      requireWhen(ctx, !applied, r.refusedAt, "refusedAt", "A refused record needs refusedAt");
      requireWhen(ctx, !applied, r.reasonCode, "reasonCode", "A refused record needs its reason code");
    })
    .meta({
      description:
        "数据回流回执: a city node or gig market acknowledges a flow-back record it applied or refused; no personal data",
    }),
  {
    allOf: [
      when({ outcome: "applied" }, requires("appliedAt")),
      when({ outcome: "refused" }, requires("refusedAt", "reasonCode")),
    ],
  },
);

export const flowbackReceipt = defineRecord({
  name: "flowback-receipt",
  version: 1,
  title: "Flow-back receipt",
  titleZh: "数据回流回执",
  schema: FlowbackReceipt,
  topic: "cityReceipts",
  alsoOn: ["gigReceipts"],
  key: (data: { flowbackKey: string }) => data.flowbackKey,
  keyDescription: "The key of the flow-back record it acknowledges (a person key)",
  subject: byId,
});
