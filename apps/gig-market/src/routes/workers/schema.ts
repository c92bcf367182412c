import { z } from "@hono/zod-openapi";
import {
  FujianDivisionCode,
  GigPay,
  IsoDate,
  Mobile,
  OccupationCode,
  PersonName,
  ResidentId,
} from "@pes/schemas";
import { openMasked, type PiiCipher } from "@pes/sync";
import { CONSENT_PURPOSE, workerStatuses } from "../../db/tables/workers.js";
import type { WorkerRow } from "../../use-cases/workers/store.js";
import { Instant, iso } from "../shared.js";

export const tags = ["Workers 零工"];

/** Clocks differ: consent given up to five minutes "in the future" is taken as now. */
const FUTURE_SKEW_MS = 5 * 60_000;

/** An occupation code of 职业分类大典 (checked as a code when it starts with a digit) or a plain name. */
const Occupation = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(50, "must be at most 50 characters")
  .superRefine((value, ctx) => {
    if (/^\d/.test(value) && !OccupationCode.safeParse(value).success)
      ctx.addIssue({ code: "custom", message: "Occupation code (职业分类大典): e.g. 4-10-01-01, or a name" });
  })
  .openapi({ description: "An occupation code (职业分类大典) or a name", example: "4-10-01-01" });

const preferences = {
  occupations: z
    .array(Occupation)
    .max(20, "at most 20 occupations")
    .openapi({ example: ["4-10-01-01", "保洁"] }),
  preferredPlaces: z
    .array(FujianDivisionCode)
    .max(20, "at most 20 places")
    .openapi({
      description:
        "Division codes of your market's city where the worker would like to work (the city code: anywhere in it)",
      example: ["350203005"],
    }),
  expectedPay: GigPay.nullable().openapi({
    description: "Pay the worker expects, in fen per hour, day, piece or month",
  }),
  availableFrom: IsoDate.nullable(),
  availableUntil: IsoDate.nullable(),
};

const untilAfterFrom = (
  p: { availableFrom?: string | null; availableUntil?: string | null },
  ctx: z.RefinementCtx,
) => {
  if (p.availableFrom && p.availableUntil && p.availableUntil < p.availableFrom)
    ctx.addIssue({
      code: "custom",
      path: ["availableUntil"],
      message: "availableUntil is before availableFrom",
    });
};

export const WorkerInput = z
  .object({
    idNumber: ResidentId.meta({
      description: "Resident ID number (GB 11643); personal data: kept encrypted, never shown again in clear",
      examples: ["35020319900307123X"],
    }),
    name: PersonName.meta({
      description: "Name as on the ID card; kept encrypted, shown masked",
      examples: ["陈明"],
    }),
    mobile: Mobile.optional().meta({
      description: "Kept encrypted, shown masked",
      examples: ["13812341234"],
    }),
    consent: z
      .object({
        given: z.boolean().openapi({ description: `The worker consents to ${CONSENT_PURPOSE}` }),
        givenAt: Instant.refine((at) => Date.parse(at) <= Date.now() + FUTURE_SKEW_MS, "is in the future")
          .optional()
          .openapi({ description: "When; default: now" }),
      })
      .optional()
      .openapi({ description: "Required: without the worker's consent the registration is refused (422)" }),
    occupations: preferences.occupations.optional(),
    preferredPlaces: preferences.preferredPlaces.optional(),
    expectedPay: preferences.expectedPay.optional(),
    availableFrom: preferences.availableFrom.optional(),
    availableUntil: preferences.availableUntil.optional(),
  })
  .superRefine(untilAfterFrom)
  .openapi("WorkerInput");

export const WorkerPatch = z
  .object({
    occupations: preferences.occupations.optional(),
    preferredPlaces: preferences.preferredPlaces.optional(),
    expectedPay: preferences.expectedPay.optional(),
    availableFrom: preferences.availableFrom.optional(),
    availableUntil: preferences.availableUntil.optional(),
  })
  .strict()
  .superRefine(untilAfterFrom)
  .openapi("WorkerPatch");

export const WorkerView = z
  .object({
    id: z.uuid(),
    status: z.enum(workerStatuses),
    idNumber: z
      .string()
      .nullable()
      .openapi({ description: "Masked; null once withdrawn", example: "3502**********123X" }),
    name: z.string().nullable().openapi({ description: "Masked; null once withdrawn", example: "陈*" }),
    mobile: z.string().nullable().openapi({ description: "Masked", example: "138****1234" }),
    consent: z.object({ purpose: z.string(), givenAt: Instant, withdrawnAt: Instant.nullable() }),
    occupations: z.array(z.string()),
    preferredPlaces: z.array(z.string()),
    expectedPay: GigPay.nullable(),
    availableFrom: z.string().nullable(),
    availableUntil: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .openapi("Worker");

export const StatusQuery = z.object({ status: z.enum(workerStatuses).optional() });

/** What a response shows: the ID number, name and mobile only masked; the market never gets them back. */
export function presentWorker(row: WorkerRow, cipher: PiiCipher): z.infer<typeof WorkerView> {
  // A withdrawn worker's personal data is erased: nothing to show.
  const shown =
    row.idNumberEnc && row.nameEnc
      ? openMasked(cipher, { idNumberEnc: row.idNumberEnc, nameEnc: row.nameEnc, phoneEnc: row.mobileEnc })
      : undefined;
  return {
    id: row.id,
    status: row.status,
    idNumber: shown?.idNumber ?? null,
    name: shown?.name ?? null,
    mobile: shown?.phone ?? null,
    consent: {
      purpose: row.consentPurpose,
      givenAt: row.consentGivenAt.toISOString(),
      withdrawnAt: iso(row.consentWithdrawnAt),
    },
    occupations: row.occupations,
    preferredPlaces: row.preferredPlaces,
    expectedPay: row.expectedPay,
    availableFrom: row.availableFrom,
    availableUntil: row.availableUntil,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
