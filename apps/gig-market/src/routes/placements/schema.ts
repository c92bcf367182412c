import { z } from "@hono/zod-openapi";
import { GigPay, IsoDate, MoneyFen } from "@pes/schemas";
import { openMasked, type PiiCipher } from "@pes/sync";
import { placementStatuses, raters } from "../../db/tables/placements.js";
import type { RatingRow } from "../../use-cases/placements/ratings.js";
import type { PlacementRow } from "../../use-cases/placements/store.js";
import { Instant } from "../shared.js";

export const tags = ["Placements 介绍就业"];

const untilAfterFrom = (p: { workFrom?: string; workUntil?: string }, ctx: z.RefinementCtx) => {
  if (p.workFrom && p.workUntil && p.workUntil < p.workFrom)
    ctx.addIssue({ code: "custom", path: ["workUntil"], message: "workUntil is before workFrom" });
};

export const PlacementInput = z
  .object({
    postingId: z.uuid(),
    workerId: z.uuid(),
    workFrom: IsoDate.optional().meta({ description: "Default: the posting's workFrom" }),
    workUntil: IsoDate.optional().meta({ description: "Default: the posting's workUntil" }),
    pay: GigPay.optional().meta({ description: "Default: the posting's pay" }),
  })
  .strict()
  .superRefine(untilAfterFrom)
  .openapi("PlacementInput");

export const CompletionInput = z
  .object({
    completedOn: IsoDate,
    payDueFen: MoneyFen.meta({ description: "The whole pay agreed for the work done, in fen" }),
    payReceivedFen: MoneyFen.meta({
      description: "What the worker actually received, in fen; less than payDueFen shows as wage arrears",
    }),
  })
  .strict()
  .openapi("PlacementCompletion");

export const CancellationInput = z
  .object({ reason: z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters") })
  .strict()
  .openapi("PlacementCancellation");

export const RatingInput = z
  .object({
    by: z.enum(raters).openapi({ description: "worker: of the market's service; employer: of the work" }),
    score: z.number().int("must be a whole number").min(1, "is 1 to 5").max(5, "is 1 to 5"),
    comment: z.string().trim().min(1).max(500, "at most 500 characters").optional(),
  })
  .strict()
  .openapi("RatingInput");

export const PlacementQuery = z.object({
  status: z.enum(placementStatuses).optional(),
  postingId: z.uuid().optional(),
  workerId: z.uuid().optional(),
  arrears: z
    .enum(["true"])
    .optional()
    .openapi({ description: "true: only completed placements paid less than due (欠薪)" }),
});

export const PlacementView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    status: z.enum(placementStatuses),
    postingId: z.uuid(),
    workerId: z.uuid(),
    worker: z.object({
      name: z.string().openapi({ description: "Masked", example: "陈*" }),
      idNumber: z.string().openapi({ description: "Masked", example: "3502**********123X" }),
    }),
    placedAt: Instant,
    workFrom: z.string(),
    workUntil: z.string().nullable(),
    pay: GigPay,
    completedOn: z.string().nullable(),
    payDueFen: z.number().int().nullable(),
    payReceivedFen: z.number().int().nullable(),
    arrearsFen: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Pay due minus pay received, once completed" }),
    cancelReason: z.string().nullable(),
    updatedAt: Instant,
  })
  .openapi("Placement");

export const RatingView = z
  .object({
    id: z.uuid(),
    placementId: z.uuid(),
    by: z.enum(raters),
    score: z.number().int(),
    comment: z.string().nullable(),
    ratedAt: Instant,
  })
  .openapi("Rating");

export function presentPlacement(row: PlacementRow, cipher: PiiCipher): z.infer<typeof PlacementView> {
  const r = row.record;
  const worker = openMasked(cipher, row);
  return {
    id: row.id,
    revision: row.revision,
    status: row.status,
    postingId: row.postingId,
    workerId: row.workerId,
    worker: { name: worker.name, idNumber: worker.idNumber },
    placedAt: r.placedAt,
    workFrom: r.workFrom,
    workUntil: r.workUntil ?? null,
    pay: r.pay,
    completedOn: r.completedOn ?? null,
    payDueFen: r.payDueFen ?? null,
    payReceivedFen: r.payReceivedFen ?? null,
    arrearsFen: row.arrearsFen,
    cancelReason: row.cancelReason,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const presentRating = (row: RatingRow): z.infer<typeof RatingView> => ({
  id: row.id,
  placementId: row.placementId,
  by: row.by,
  score: row.score,
  comment: row.comment,
  ratedAt: row.ratedAt.toISOString(),
});
