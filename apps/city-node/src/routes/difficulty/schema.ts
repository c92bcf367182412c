import { z } from "@hono/zod-openapi";
import { type DifficultyRecognition, IsoDate } from "@pes/schemas";
import type { DifficultyRow } from "../../use-cases/ledgers/difficulty.js";
import type { PersonView as PersonViewData } from "../../use-cases/persons/store.js";
import { PersonView } from "../shared.js";

export const DecideBody = z
  .object({
    decision: z.enum(["recognise", "refuse"]).meta({ description: "认定 / 不予认定" }),
    reason: z
      .string()
      .trim()
      .max(500)
      .optional()
      .meta({ description: "Required for a refusal, told to the applicant" }),
    decidedOn: IsoDate.optional().meta({ description: "Defaults to today (China time)" }),
    validUntil: IsoDate.optional().meta({ description: "How long a recognition holds" }),
  })
  .refine((b) => b.decision !== "refuse" || Boolean(b.reason), {
    path: ["reason"],
    error: "A refusal needs its reason (不予认定须说明理由)",
  })
  .openapi("DifficultyDecision");

export const DifficultyView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    state: z.enum(["applied", "recognised", "refused"]),
    categories: z.array(z.string()),
    appliedOn: z.string(),
    decidedOn: z.string().optional(),
    refusalReason: z.string().optional(),
    validUntil: z.string().optional(),
    unemploymentRegistrationId: z.uuid().optional(),
    servicePointId: z.string(),
    person: PersonView,
  })
  .openapi("DifficultyRecognition");

export function presentRecognition(row: DifficultyRow, person: PersonViewData) {
  const d = row.data as Omit<z.output<typeof DifficultyRecognition>, "person">;
  return {
    id: row.id,
    revision: row.revision,
    state: d.state,
    categories: d.categories,
    appliedOn: d.appliedOn,
    ...(d.decidedOn ? { decidedOn: d.decidedOn } : {}),
    ...(d.refusalReason ? { refusalReason: d.refusalReason } : {}),
    ...(d.validUntil ? { validUntil: d.validUntil } : {}),
    ...(d.unemploymentRegistrationId ? { unemploymentRegistrationId: d.unemploymentRegistrationId } : {}),
    servicePointId: d.servicePointId,
    person,
  };
}
