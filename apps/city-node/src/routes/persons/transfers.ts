import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses } from "@pes/http";
import { FujianDivisionCode, ResidentId } from "@pes/schemas";
import { eq } from "drizzle-orm";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { persons } from "../../db/tables/persons.js";
import { canTransferInto } from "../../domain/index.js";
import { audit } from "../../use-cases/audit/record.js";
import { personKeyFor, transferPerson } from "../../use-cases/persons/store.js";
import { useCaseContext } from "../context.js";
import { presentForCase } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { assertInCity, PersonView, purposeOf } from "../shared.js";

const Body = z
  .object({
    idNumber: ResidentId.meta({
      description:
        "The person who moved here, by ID number (in the body, never in a URL): the receiving area cannot see " +
        "the person's record or key before the transfer",
    }),
    toDivisionCode: FujianDivisionCode.meta({
      description:
        "Where the person lives now (district, street or community of this city): the receiving area",
    }),
    reason: z.string().trim().min(2).max(500).meta({
      description: "Why the person's area moves (迁移原因), e.g. 常住地变更 with the evidence seen; audited",
    }),
  })
  .openapi("PersonTransferInput");

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

const route = defineRoute({
  method: "post",
  path: "/v1/person-transfers",
  tags: ["Persons 人员"],
  summary: "Move a person's area into yours (迁移; supervisors and city admins of the receiving area)",
  description:
    "A person known to the node belongs to the area stored for them: no desk form moves it, whatever address " +
    "it gives. A person who moved is transferred here by a supervisor (or city admin) whose area covers " +
    "toDivisionCode: a clerk, or the sending area, is refused (403 forbidden-role / transfer-into-your-area-only, " +
    "the refusal audited). 404 when the node does not know the person; 409 when they are in toDivisionCode " +
    "already. The person's division changes, their records (open registrations included) follow them into " +
    "the new area and out of the old one; the transfer is kept with from, to, reason, who and when, and " +
    "audited (action transfer). Node-local: the contract has no person record, so nothing is published; " +
    "records written after the transfer carry the new district.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Transferred", content: { "application/json": { schema: TransferView } } },
    ...errorResponses,
  },
});

export function registerPostPersonTransfer(app: App): void {
  app.openapi(route, async (c) => {
    const { idNumber, toDivisionCode, reason } = c.req.valid("json");
    const { config, db, vault } = c.get("services");
    const caller = c.get("caller");
    const personKey = personKeyFor(vault, idNumber);
    // A refused transfer is audited (deny, the person key standing for the person) and answered 403.
    const refusal = async (code: string, message: string): Promise<never> => {
      await audit(db.db, {
        staffId: caller.staffId,
        action: "deny",
        entity: "person-transfer",
        entityId: personKey,
        purpose: reason,
        requestId: c.get("requestId"),
      });
      throw new DomainError("forbidden", code, message);
    };

    await withRules(async () => assertInCity(toDivisionCode, config.cityCode, "toDivisionCode"));
    if (caller.role === "clerk")
      await refusal(
        "forbidden-role",
        "A transfer (迁移) is made by a supervisor or city admin of the receiving area; you are clerk",
      );
    // Checked before the person is looked up: the answer says nothing of who exists where.
    if (!canTransferInto(caller, toDivisionCode))
      await refusal(
        "transfer-into-your-area-only",
        `A person is transferred into ${toDivisionCode} by a supervisor or city admin whose area covers it`,
      );

    const { person, transfer } = await withRules(() =>
      db.db.transaction(async (tx) => {
        const [known] = await tx.select().from(persons).where(eq(persons.personKey, personKey)).for("update");
        if (!known) throw new DomainError("not_found", "person-not-found", "No person with this ID number");
        if (known.divisionCode === toDivisionCode)
          throw new DomainError("conflict", "same-division", `The person is in ${toDivisionCode} already`);
        const moved = await transferPerson(useCaseContext(c, tx), { person: known, toDivisionCode, reason });
        await audit(tx, {
          staffId: caller.staffId,
          action: "transfer",
          entity: "person-transfer",
          entityId: moved.transfer.id,
          personId: known.id,
          purpose: purposeOf(c) ? `${reason} (${purposeOf(c)})`.slice(0, 700) : reason,
          requestId: c.get("requestId"),
        });
        return moved;
      }),
    );
    return c.json(
      {
        id: transfer.id,
        fromDivisionCode: transfer.fromDivisionCode,
        toDivisionCode: transfer.toDivisionCode,
        reason: transfer.reason,
        staffId: transfer.staffId,
        transferredAt: transfer.at.toISOString(),
        person: presentForCase(c, person),
      },
      201,
    );
  });
}
