import { z } from "zod";
import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { RecordId, Revision, text } from "../values/identifiers.js";
import { singleLine } from "../values/plain-text.js";
import { byId, recordObject } from "./common.js";
import { ReceiptReasonCode } from "./flowback-receipt.js";

/** Where in the contract's path of a record a refusal lies, and why; never the value refused. */
export const RejectionProblem = z
  .object({
    path: singleLine("A field path").max(200).optional().meta({
      description:
        "Dotted path of the field in the record as published, e.g. person.idNumber or members.0.person.name; absent for the record as a whole",
    }),
    code: ReceiptReasonCode.optional().meta({
      description: "What kind of problem, for machines: invalid-type, too-big, invalid-format, custom…",
    }),
    message: text(300, "The message").meta({
      description:
        "The contract's or the rule's message in English, with any word of the refused value (and any personal data of the record) masked as …",
    }),
  })
  .meta({ description: "One field the province refused, and why" });

export const RecordRejectionNotice = recordObject({
  recordId: RecordId.meta({
    description: "The refused record's id (its ce_subject): a city node maps it to its own source id",
  }),
  recordType: singleLine("The record type").min(1).max(200).meta({
    description:
      "The refused record's type as the contract names it (training-record…), or its ce_type as sent when the contract knows none",
  }),
  recordRevision: Revision.optional().meta({
    description: "The refused revision, when the record could be read; a later revision clears the rejection",
  }),
  eventId: text(200, "The event id").meta({ description: "The refused event's ce_id" }),
  stage: z.enum(["trust", "contract", "rule"]).meta({
    description:
      "Where the province refused it: its seal (trust, after its signature verified as the city), the contract (validation), or a rule of the hub's ingest",
  }),
  reasonCode: ReceiptReasonCode.meta({
    description:
      "invalid-record, malformed-json, unknown-type, unsupported-version, not-for-us, unsealed, unreadable, or the hub's rule (person-key-mismatch, city-mismatch…)",
  }),
  reason: text(500, "The reason").meta({
    description: "A short reason in English; it names fields and rules, never a value",
  }),
  problems: z.array(RejectionProblem).max(50),
  rejectedAt: Timestamp.meta({ description: "When the province refused it (dead-lettered it)" }),
}).meta({
  description:
    "数据回流: the province refused a record of the receiving city (the city that signed it) and says why; no personal data",
});

export const recordRejectionNotice = defineRecord({
  name: "record-rejection-notice",
  version: 1,
  title: "Record rejection notice",
  titleZh: "省级拒收通知",
  schema: RecordRejectionNotice,
  topic: "flowbackCity",
  key: (data: { recordId: string }) => data.recordId,
  keyDescription: "The refused record's id, so the notices about one record stay in order",
  subject: byId,
});
