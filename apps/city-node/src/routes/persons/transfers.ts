import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { transferIntake } from "../../use-cases/intake/kinds/transfer.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { PersonView } from "../shared.js";

const TransferView = z
  .object({
    id: z.uuid(),
    fromDivisionCode: z.string(),
    toDivisionCode: z.string(),
    reason: z.string(),
    staffId: z.uuid(),
    transferredAt: z.string(),
    person: PersonView,
  })
  .openapi("PersonTransfer");

/** POST /v1/person-transfers (never revised: no PUT). */
export function registerPostPersonTransfer(app: App): void {
  registerIntakeRoutes(app, {
    intake: transferIntake,
    path: "/v1/person-transfers",
    tags: ["Persons 人员"],
    inputName: "PersonTransferInput",
    view: TransferView,
    present: (c, { row, person }) => ({
      id: row.id,
      fromDivisionCode: row.fromDivisionCode,
      toDivisionCode: row.toDivisionCode,
      reason: row.reason,
      staffId: row.staffId,
      transferredAt: row.at.toISOString(),
      person: presentForCase(c, person),
    }),
    post: {
      summary: "Move a person's area into yours (迁移; supervisors and city admins of the receiving area)",
      description:
        "A person known to the node belongs to the area stored for them: no desk form moves it, whatever address " +
        "it gives. A person who moved is transferred here by a supervisor (or city admin) whose area covers " +
        "toDivisionCode: a clerk, or the sending area, is refused (403 forbidden-role / transfer-into-your-area-only, " +
        "the refusal audited). 404 when the node does not know the person; 409 when they are in toDivisionCode " +
        "already. The person's division changes, their records (open registrations included) follow them into " +
        "the new area and out of the old one; the transfer is kept with from, to, reason, who and when, and " +
        "audited (action transfer). Node-local: the contract has no person record, so nothing is published; " +
        "records written after the transfer carry the new district. A transfer is never revised: its " +
        "sourceRecordId with other content is refused (422 at sourceRecordId).",
    },
  });
}
