import { z } from "@hono/zod-openapi";
import { Shortfall131 } from "@pes/schemas";
import { changeKinds } from "../../db/tables/feedback.js";
import { decodeChangeCursor } from "../../use-cases/feedback/changes.js";

export const tags = ["Feedback from the province 省级反馈"];

const Instant = z.string().openapi({ example: "2025-05-05T02:00:00.000Z" });

export const Problem = z
  .object({
    path: z.string().optional().openapi({
      description: "Dotted path of the field in the record as published, e.g. person.idNumber",
      example: "completedOn",
    }),
    code: z.string().optional().openapi({ example: "custom" }),
    message: z.string().openapi({
      description: "Why, in English; a word of the refused value or of personal data reads …",
      example: "A completed training needs completedOn",
    }),
  })
  .openapi("RejectionProblem");

const RejectionFields = {
  stage: z.enum(["trust", "contract", "rule"]).openapi({
    description:
      "Where the province refused it: its seal (trust), the contract (validation) or a rule of its ingest",
  }),
  reasonCode: z.string().openapi({
    description:
      "invalid-record, malformed-json, unknown-type, unsupported-version, not-for-us, unsealed, unreadable, or the province's rule (person-key-mismatch, city-mismatch…)",
    example: "invalid-record",
  }),
  reason: z.string().openapi({ description: "A short reason in English; never a value" }),
  problems: z.array(Problem),
  rejectedAt: Instant.openapi({ description: "When the province refused it" }),
};

export const RejectionView = z
  .object({
    recordId: z.uuid(),
    sourceRecordId: z
      .string()
      .nullable()
      .openapi({ description: "The city system's own id of the record, when it gave one" }),
    kind: z
      .string()
      .openapi({ description: "The record kind, as the contract names it", example: "training-record" }),
    revision: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The revision refused, when the province could read it" }),
    state: z.enum(["open", "cleared"]).openapi({
      description: "cleared: the node has published a later revision since (clearedByRevision)",
    }),
    ...RejectionFields,
    fieldPaths: z.array(z.string()).openapi({ description: "The problems' paths, each once" }),
    receivedAt: Instant.openapi({ description: "When the node received the province's notice" }),
    clearedAt: Instant.nullable(),
    clearedByRevision: z.number().int().nullable(),
    noticeId: z.string().openapi({ description: "The province's record-rejection-notice" }),
  })
  .openapi("Rejection");

export const ChangeKind = z.enum(changeKinds).openapi({
  description:
    "registration-closure-instruction: the province closed a registration of yours; service-needed-notice: a person of your area who needs a service; voucher-notice: a voucher of a person of your area; record-rejection-notice: the province refused one of your records",
});

export const ChangesQuery = z.object({
  limit: z.coerce
    .number({ error: "must be a number from 1 to 200" })
    .int("must be a whole number")
    .min(1, "must be from 1 to 200")
    .max(200, "must be from 1 to 200")
    .default(50)
    .openapi({ description: "Items per page, 1–200" }),
  cursor: z
    .string()
    .max(200)
    .refine((c) => decodeChangeCursor(c) !== undefined, "is not a cursor this API returned")
    .optional()
    .openapi({ description: "`nextCursor` of the previous page; absent to start from the first item" }),
  kind: ChangeKind.optional(),
});

const ChangePerson = z
  .object({
    id: z.uuid().nullable().openapi({
      description: "The node's person (GET /v1/persons/{id}/…); null when the node does not know them",
    }),
    key: z.string().openapi({ description: "The province's pseudonym for the person" }),
    idNumber: z.string().openapi({ description: "Masked", example: "3502**********123X" }),
    name: z.string().openapi({ description: "Masked", example: "陈*" }),
    masked: z.boolean(),
  })
  .openapi("ChangePerson");

const Closure = z
  .object({
    registrationId: z.uuid(),
    sourceRecordId: z.string().nullable(),
    reason: z.enum(["employed-elsewhere", "registered-elsewhere"]),
    evidence: z.object({
      cityCode: z.string(),
      recordType: z.string(),
      recordId: z.string(),
      effectiveOn: z.string(),
    }),
    decidedAt: Instant,
    outcome: z.enum(["closed", "already-closed"]).openapi({
      description: "closed: the node closed the registration; already-closed: it was closed before",
    }),
  })
  .openapi("ChangeClosure");

const ServiceNeeded = z
  .object({
    status: z.enum(["open", "resolved"]),
    reasons: z.array(z.string()),
    keyGroups: z.array(z.string()),
    shortfall131: Shortfall131.optional(),
    areaCode: z.string(),
    contactMobile: z.string().optional().openapi({ description: "Masked", example: "138****1234" }),
    dueBy: z.string().optional(),
    noticedAt: Instant,
  })
  .openapi("ChangeServiceNeeded");

const Voucher = z
  .object({
    voucherId: z.string(),
    policyId: z.string(),
    amountFen: z.number().int(),
    status: z.string(),
    expiresOn: z.string().optional(),
    marketId: z.string().optional(),
    changedAt: Instant,
  })
  .openapi("ChangeVoucher");

const Rejected = z
  .object({
    recordId: z.uuid(),
    sourceRecordId: z.string().nullable(),
    kind: z.string(),
    recordRevision: z.number().int().nullable(),
    ...RejectionFields,
    state: z.enum(["open", "cleared"]).openapi({
      description:
        "As the node took it: cleared when it had published a later revision of the record before the notice came",
    }),
    clearedByRevision: z.number().int().nullable(),
  })
  .openapi("ChangeRejection");

export const ChangeView = z
  .object({
    id: z.uuid(),
    sequence: z.number().int().openapi({ description: "Position in the node's feed; increases" }),
    kind: ChangeKind,
    recordId: z.string().openapi({ description: "The flow-back record (notice, instruction)" }),
    revision: z.number().int(),
    eventId: z.string(),
    person: ChangePerson.nullable().openapi({ description: "Whom it is about; none for a rejection" }),
    closure: Closure.nullable(),
    serviceNeeded: ServiceNeeded.nullable(),
    voucher: Voucher.nullable(),
    rejection: Rejected.nullable(),
    receivedAt: Instant.openapi({ description: "When the node applied it" }),
  })
  .openapi("Change");

export const ChangesPage = z
  .object({
    items: z.array(ChangeView),
    nextCursor: z.string().openapi({
      description:
        "Where this page ended: pass it as `cursor` for what comes after, now or later (also on the last page)",
    }),
    hasMore: z.boolean().openapi({ description: "true when more items follow right away" }),
  })
  .openapi("ChangesPage");
