import { z } from "@hono/zod-openapi";
import { PageQuery } from "@pes/http";
import { flowbackKinds } from "../../db/tables/flowback.js";
import { decodeFeedCursor } from "../../use-cases/flowback/feed.js";
import { Instant } from "../shared.js";

export const tags = ["Flow-back 数据回流"];

export const FlowbackKind = z.enum(flowbackKinds).openapi({
  description:
    "work-needed-notice: a key-group person of your area who needs work; voucher-notice: a voucher of a person of your area usable at your market",
});

export const FeedQuery = z.object({
  limit: PageQuery.shape.limit,
  cursor: z
    .string()
    .max(200)
    .refine((c) => decodeFeedCursor(c) !== undefined, "is not a cursor this API returned")
    .optional()
    .openapi({ description: "`nextCursor` of the previous page; absent to start from the first item" }),
  kind: FlowbackKind.optional(),
});

const Person = z
  .object({
    key: z
      .string()
      .openapi({ description: "The province's pseudonym for the person, stable across notices" }),
    idNumber: z.string().openapi({ description: "Masked", example: "3502**********123X" }),
    name: z.string().openapi({ description: "Masked", example: "陈*" }),
  })
  .openapi("FlowbackPerson");

const WorkNeeded = z
  .object({
    status: z.enum(["open", "resolved"]).openapi({ description: "resolved: drop the person from your list" }),
    reasons: z.array(z.string()).openapi({ example: ["131-shortfall"] }),
    keyGroups: z.array(z.string()),
    areaCode: z
      .string()
      .openapi({ description: "Where the person lives, as fine as known", example: "350203005" }),
    contactMobile: z.string().nullable().openapi({ description: "Masked", example: "138****1234" }),
    noticedAt: Instant,
  })
  .openapi("WorkNeeded");

const Voucher = z
  .object({
    id: z.string(),
    policyId: z.string(),
    amountFen: z.number().int().openapi({ description: "Face value in fen", example: 50000 }),
    status: z.string().openapi({ example: "issued" }),
    expiresOn: z.string().nullable(),
    changedAt: Instant,
    redeemedAtMarket: z.string().nullable().optional().openapi({
      description: "Once redeemed: the market it was redeemed at (yours or another of the area)",
    }),
  })
  .openapi("FlowbackVoucher");

export const FlowbackItemView = z
  .object({
    id: z.uuid(),
    sequence: z.number().int().openapi({ description: "Position in your market's feed; increases" }),
    kind: z.enum(flowbackKinds),
    recordId: z
      .string()
      .openapi({ description: "The notice; a newer revision of it comes again as a new item" }),
    revision: z.number().int(),
    person: Person,
    workNeeded: WorkNeeded.nullable().openapi({ description: "For a work-needed-notice" }),
    voucher: Voucher.nullable().openapi({ description: "For a voucher-notice" }),
    receivedAt: Instant,
  })
  .openapi("FlowbackItem");

export const FeedPage = z
  .object({
    items: z.array(FlowbackItemView),
    nextCursor: z.string().openapi({
      description:
        "Where this page ended: pass it as `cursor` for what comes after, now or later (also on the last page)",
    }),
    hasMore: z.boolean().openapi({ description: "true when more items follow right away" }),
  })
  .openapi("FlowbackPage");
