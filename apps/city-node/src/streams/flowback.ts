import {
  type RegistrationClosureInstruction as ClosureSchema,
  maskMobile,
  type ServiceNeededNotice as NeedSchema,
  type RecordRejectionNotice as RejectionSchema,
  type VoucherNotice as VoucherSchema,
} from "@pes/schemas";
import {
  type EventHandler,
  type FlowbackReceipts,
  type IncomingEvent,
  type PiiCipher,
  type ReceiptNote,
  RejectedRecordError,
  sealRecord,
} from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { flowbackNotices } from "../db/tables/flowback.js";
import { persons } from "../db/tables/persons.js";
import { unemploymentRegistrations } from "../db/tables/registrations.js";
import { DomainRuleError } from "../domain/index.js";
import type { UseCaseContext } from "../use-cases/context.js";
import { appendChange, maskedPerson, type NewChange } from "../use-cases/feedback/changes.js";
import { applyRejectionNotice } from "../use-cases/feedback/rejections.js";
import { findByRecord } from "../use-cases/intake/source-records.js";
import { changeRegistration, closingDate } from "../use-cases/ledgers/unemployment.js";
import { findPersonByKey } from "../use-cases/persons/store.js";

type RegistrationClosureInstruction = z.output<typeof ClosureSchema>;
type ServiceNeededNotice = z.output<typeof NeedSchema>;
type VoucherNotice = z.output<typeof VoucherSchema>;
type RecordRejectionNotice = z.output<typeof RejectionSchema>;

/** What applying one flow-back record did: what its receipt notes, and the change feed's item (none: nothing changed). */
interface Outcome {
  note?: ReceiptNote | undefined;
  change?: NewChange | undefined;
}

/** The province acts on flow-back as this pseudo staff member, so the audit log says who changed what. */
export const PROVINCE_ACTOR = "00000000-0000-0000-0000-000000350000";

/**
 * Applies the city's flow-back topic and acknowledges each record it applied with a receipt in the
 * same transaction (docs/adr/0007), and adds what it applied to the node's change feed (GET
 * /v1/changes) there too, last. Runs inside the consumer's transaction, once per event (the inbox
 * sees to that); a message for another city, or about a registration this node never had, is
 * rejected and so dead-lettered with the reason, and acknowledged as refused (the consumer's onRefused).
 */
export function flowbackHandler(
  ctx: Omit<UseCaseContext, "staffId" | "db"> & { receipts: FlowbackReceipts },
): EventHandler {
  const { receipts, ...rest } = ctx;
  const actor = { ...rest, staffId: PROVINCE_ACTOR, purpose: "数据回流" };
  return async (tx, event) => {
    const { note, change } = await apply({ ...actor, db: tx }, event);
    await receipts.applied(tx, event, note);
    if (change) await appendChange(tx, change);
  };
}

async function apply(ctx: UseCaseContext, event: IncomingEvent): Promise<Outcome> {
  const data = event.data as { cityCode: string };
  if (data.cityCode !== ctx.cityCode) {
    throw new RejectedRecordError(
      `addressed to city ${data.cityCode}, not ${ctx.cityCode}`,
      "cityCode",
      "not-addressed-here",
    );
  }
  switch (event.definition.name) {
    case "registration-closure-instruction":
      return closeRegistration(ctx, event.data as RegistrationClosureInstruction, event.attributes.id);
    case "service-needed-notice":
    case "voucher-notice":
      return keepNotice(
        ctx.db,
        ctx.vault.cipher,
        event.definition.name,
        event.data as ServiceNeededNotice | VoucherNotice,
        event.attributes.id,
      );
    case "record-rejection-notice":
      return applyRejectionNotice(ctx.db, event.data as RecordRejectionNotice, event.attributes);
    default:
      throw new RejectedRecordError(
        `a city node does not apply ${event.definition.name}`,
        undefined,
        "not-taken-here",
      );
  }
}

async function closeRegistration(
  ctx: UseCaseContext,
  instruction: RegistrationClosureInstruction,
  eventId: string,
): Promise<Outcome> {
  const tx = ctx.db;
  const [found] = await tx
    .select({ row: unemploymentRegistrations, person: persons })
    .from(unemploymentRegistrations)
    .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
    .where(eq(unemploymentRegistrations.id, instruction.registrationId))
    .for("update");
  if (!found)
    throw new RejectedRecordError(
      "no such registration at this node",
      "registrationId",
      "unknown-registration",
    );
  if (found.person.personKey !== instruction.person.key) {
    throw new RejectedRecordError(
      "the registration belongs to another person",
      "person.key",
      "registration-of-another-person",
    );
  }
  const change = async (outcome: "closed" | "already-closed"): Promise<NewChange> => ({
    kind: "registration-closure-instruction",
    recordId: instruction.id,
    revision: instruction.revision,
    eventId,
    personKey: instruction.person.key,
    personId: found.person.id,
    payload: {
      person: maskedPerson(instruction.person),
      registrationId: instruction.registrationId,
      sourceRecordId:
        (await findByRecord(ctx.db, "unemployment-registration", instruction.registrationId))
          ?.sourceRecordId ?? null,
      reason: instruction.reason,
      evidence: instruction.evidence,
      decidedAt: instruction.decidedAt,
      outcome,
    },
  });
  // Closed already, by the desk or an earlier instruction: what the instruction asks for holds.
  if (found.row.state === "closed")
    return {
      note: { code: "already-closed", text: "the registration was closed before; nothing changed" },
      change: await change("already-closed"),
    };
  const reason = instruction.reason === "employed-elsewhere" ? "employed" : "registered-elsewhere";
  const on = closingDate(found.row, instruction.evidence.effectiveOn);
  try {
    await changeRegistration(ctx, {
      registration: found.row,
      person: found.person,
      event: { type: "close", on, reason },
      note: `省级回流: ${instruction.reason}`,
    });
  } catch (e) {
    if (e instanceof DomainRuleError) throw new RejectedRecordError(e.message, e.field, e.code);
    throw e;
  }
  return { change: await change("closed") };
}

/**
 * The notice without its person (kept by key) and with its contact mobile sealed; for the change
 * feed, the same masked. A late, older revision of a notice changes nothing; neither it nor the
 * revision the node holds already, sent again, is a new item of the feed (as at the gig market).
 */
async function keepNotice(
  tx: Database,
  cipher: PiiCipher,
  type: "service-needed-notice" | "voucher-notice",
  notice: ServiceNeededNotice | VoucherNotice,
  eventId: string,
): Promise<Outcome> {
  const { person, ...fields } = notice;
  const rest = sealRecord(cipher, type, fields);
  const areaCode = "areaCode" in notice ? notice.areaCode : null;
  const [held] = await tx
    .select({ revision: sql<number>`(${flowbackNotices.data}->>'revision')::int` })
    .from(flowbackNotices)
    .where(eq(flowbackNotices.id, notice.id))
    .for("update");
  const kept = await tx
    .insert(flowbackNotices)
    .values({
      id: notice.id,
      type,
      personKey: person.key,
      areaCode,
      status: String(notice.status),
      data: rest,
    })
    .onConflictDoUpdate({
      target: flowbackNotices.id,
      set: { status: String(notice.status), data: rest, receivedAt: sql`now()` },
      // A late, older revision does not overwrite a newer one.
      setWhere: sql`(${flowbackNotices.data}->>'revision')::int <= ${notice.revision}`,
    })
    .returning({ id: flowbackNotices.id });
  if (kept.length === 0 || (held && held.revision >= notice.revision))
    return {
      note: { code: "superseded", text: "the node holds this revision of the notice or a newer one" },
    };
  const known = await findPersonByKey(tx, person.key);
  const { id: _id, revision: _revision, cityCode: _city, recordedAt: _at, ...shown } = fields;
  return {
    change: {
      kind: type,
      recordId: notice.id,
      revision: notice.revision,
      eventId,
      personKey: person.key,
      personId: known?.id ?? null,
      divisionCode: areaCode,
      payload: {
        person: maskedPerson(person),
        ...shown,
        ...("contactMobile" in shown && shown.contactMobile
          ? { contactMobile: maskMobile(shown.contactMobile) }
          : {}),
      },
    },
  };
}
