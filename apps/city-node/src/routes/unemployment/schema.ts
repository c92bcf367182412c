import { z } from "@hono/zod-openapi";
import { IsoDate, UnemploymentCloseReason } from "@pes/schemas";
import { PersonView } from "../shared.js";

export const RegisterBody = z.object({ registeredOn: IsoDate.optional() }).openapi("UnemploymentRegister");
export const CloseBody = z
  .object({
    closedOn: IsoDate.optional(),
    reason: UnemploymentCloseReason,
    note: z.string().max(200).optional(),
  })
  .openapi("UnemploymentClose");

export const RegistrationView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    state: z.enum(["applied", "registered", "closed"]),
    placeBasis: z.string(),
    servicePointId: z.string(),
    appliedOn: z.string(),
    dueBy: z.string().openapi({ description: "办结时限: the 10th working day after appliedOn" }),
    deadlineProvisional: z.boolean().openapi({
      description:
        "true when the node's calendar has no holiday schedule (国务院办公厅节假日安排) for a year from appliedOn " +
        "to dueBy: dueBy then skips weekends only and may move once the schedule is loaded",
    }),
    registeredOn: z.string().optional(),
    closedOn: z.string().optional(),
    closeReason: z.string().optional(),
    person: PersonView,
  })
  .openapi("UnemploymentRegistration");
