import { z } from "@hono/zod-openapi";
import { GigPay, GigPosting, maskMobile } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import { postingStatuses } from "../../db/tables/postings.js";
import type { PostingRow } from "../../use-cases/postings/store.js";
import { Instant } from "../shared.js";

export const tags = ["Gig postings 零工岗位"];

const f = GigPosting.shape;

export const PostingInput = z
  .object({
    employer: f.employer,
    title: f.title,
    occupationCode: f.occupationCode,
    headcount: f.headcount,
    pay: f.pay,
    workFrom: f.workFrom,
    workUntil: f.workUntil,
    locationCode: f.locationCode.meta({
      description: "Where the work is: a district, street or community of your market's city",
      examples: ["350203005"],
    }),
    address: f.address,
    contactPhone: f.contactPhone.meta({
      description: "Whom workers call; personal data: kept encrypted and shown masked",
    }),
  })
  .superRefine((p, ctx) => {
    if (p.workUntil && p.workUntil < p.workFrom)
      ctx.addIssue({ code: "custom", path: ["workUntil"], message: "workUntil is before workFrom" });
  })
  .openapi("GigPostingInput");

export const PostingView = z
  .object({
    id: z.uuid(),
    revision: z.number().int().openapi({ description: "+1 on every change, as published" }),
    status: z.enum(postingStatuses),
    employer: z.object({ name: z.string(), creditCode: z.string().nullable() }),
    title: z.string(),
    occupationCode: z.string().nullable(),
    headcount: z.number().int(),
    pay: GigPay,
    workFrom: z.string(),
    workUntil: z.string().nullable(),
    locationCode: z.string(),
    districtCode: z.string().nullable(),
    address: z.string(),
    contactPhone: z.string().nullable().openapi({ description: "Masked", example: "138****1234" }),
    postedAt: Instant,
    updatedAt: Instant,
  })
  .openapi("GigPosting");

export const StatusQuery = z.object({ status: z.enum(postingStatuses).optional() });

export const PostingPatch = z.object({ status: z.enum(postingStatuses) }).openapi("GigPostingPatch");

export function presentPosting(row: PostingRow, cipher: PiiCipher): z.infer<typeof PostingView> {
  const r = row.record;
  return {
    id: row.id,
    revision: row.revision,
    status: row.status,
    employer: { name: r.employer.name, creditCode: r.employer.creditCode ?? null },
    title: r.title,
    occupationCode: r.occupationCode ?? null,
    headcount: r.headcount,
    pay: r.pay,
    workFrom: r.workFrom,
    workUntil: r.workUntil ?? null,
    locationCode: r.locationCode,
    districtCode: r.districtCode ?? null,
    address: r.address,
    contactPhone: row.contactPhoneEnc ? maskMobile(cipher.decrypt(row.contactPhoneEnc)) : null,
    postedAt: r.postedAt,
    updatedAt: row.updatedAt.toISOString(),
  };
}
