import { DomainError } from "@pes/core";
import { FujianDivisionCode, ResidentId } from "@pes/schemas";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { persons, personTransfers } from "../../../db/tables/persons.js";
import { assertInArea, canTransferInto } from "../../../domain/index.js";
import { audit } from "../../audit/record.js";
import { type PersonRow, personKeyFor, transferPerson } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import { assertInCity, SourceRecordId } from "../desk.js";
import { AuditedRefusal } from "../refusals.js";

export const TransferInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
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
});
export type TransferInput = z.output<typeof TransferInput>;

type TransferRow = typeof personTransfers.$inferSelect & { revision: number };

/**
 * 迁移: moves a known person's area into the caller's, by a supervisor or city admin whose area covers
 * toDivisionCode (403, audited as deny, otherwise); 404 for a person the node does not know, 409 when
 * they are there already. Node-local (nothing is published) and never revised: the same source id with
 * other content is refused.
 */
export const transferIntake = defineIntake<TransferInput, { row: TransferRow; person: PersonRow }>({
  kind: "person-transfer",
  entity: "person-transfer",
  input: TransferInput,
  async create(ctx, { idNumber, toDivisionCode, reason }) {
    const personKey = personKeyFor(ctx.vault, idNumber);
    const denied = { entity: "person-transfer", entityId: personKey, purpose: reason };
    assertInCity(toDivisionCode, ctx.cityCode, "toDivisionCode");
    if (ctx.caller.role === "clerk")
      throw new AuditedRefusal(
        "forbidden-role",
        "A transfer (迁移) is made by a supervisor or city admin of the receiving area; you are clerk",
        denied,
      );
    // Checked before the person is looked up: the answer says nothing of who exists where.
    if (!canTransferInto(ctx.caller, toDivisionCode))
      throw new AuditedRefusal(
        "transfer-into-your-area-only",
        `A person is transferred into ${toDivisionCode} by a supervisor or city admin whose area covers it`,
        denied,
      );
    const [known] = await ctx.db.select().from(persons).where(eq(persons.personKey, personKey)).for("update");
    if (!known) throw new DomainError("not_found", "person-not-found", "No person with this ID number");
    if (known.divisionCode === toDivisionCode)
      throw new DomainError("conflict", "same-division", `The person is in ${toDivisionCode} already`);
    const moved = await transferPerson(ctx, { person: known, toDivisionCode, reason });
    await audit(ctx.db, {
      staffId: ctx.staffId,
      action: "transfer",
      entity: "person-transfer",
      entityId: moved.transfer.id,
      personId: known.id,
      purpose: ctx.purpose ? `${reason} (${ctx.purpose})`.slice(0, 700) : reason,
      requestId: ctx.requestId,
    });
    return { row: { ...moved.transfer, revision: 1 }, person: moved.person };
  },
  async load(ctx, id) {
    const [found] = await ctx.db
      .select({ row: personTransfers, person: persons })
      .from(personTransfers)
      .innerJoin(persons, eq(persons.id, personTransfers.personId))
      .where(eq(personTransfers.id, id));
    const notFound = { code: "transfer-not-found", message: `No transfer ${id}` };
    if (!found) throw new DomainError("not_found", notFound.code, notFound.message);
    assertInArea(ctx.caller, found.person.divisionCode, { ...notFound, personId: found.person.id });
    return { row: { ...found.row, revision: 1 }, person: found.person };
  },
});
