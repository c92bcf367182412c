import { randomUUID } from "node:crypto";
import { registrationClosureInstruction } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, ne } from "drizzle-orm";
import { hubConflicts } from "../db/tables/conflicts.js";
import { hubOpenRegistrations } from "../db/tables/records.js";
import { flowback } from "../streams/publish.js";
import { personRefOf } from "./persons.js";
import type { AppliedRecord } from "./types.js";

interface Decision {
  kind: "two-open-registrations" | "employed-while-registered";
  close: { recordId: string; cityCode: string };
  evidence: {
    recordId: string;
    cityCode: string;
    type: "unemployment-registration" | "employment-registration";
    effectiveOn: string;
  };
}

/**
 * The province's view of BRIEF §3: a person has at most one open unemployment registration in the
 * province, and a person employed anywhere is not unemployed. Keeps the open registrations current
 * and sends each city that must close one a closure instruction, once.
 */
export async function resolveConflicts(
  tx: Database,
  cipher: PiiCipher,
  record: AppliedRecord,
): Promise<Decision[]> {
  if (!record.personKey) return [];
  const decisions: Decision[] = [];
  if (record.type === "unemployment-registration") {
    const data = record.data as { state: string; appliedOn: string };
    if (data.state === "closed") {
      await tx.delete(hubOpenRegistrations).where(eq(hubOpenRegistrations.recordId, record.recordId));
      return [];
    }
    await tx
      .insert(hubOpenRegistrations)
      .values({
        recordId: record.recordId,
        personKey: record.personKey,
        cityCode: record.cityCode,
        appliedOn: data.appliedOn,
      })
      .onConflictDoNothing();
    for (const other of await openElsewhere(tx, record.personKey, record.cityCode)) {
      // The newer registration stands; the older one closes, wherever it is and whichever arrived first.
      const thisIsNewer =
        data.appliedOn > other.appliedOn ||
        (data.appliedOn === other.appliedOn && record.recordId > other.recordId);
      const [close, evidence] = thisIsNewer
        ? [other, { recordId: record.recordId, cityCode: record.cityCode, appliedOn: data.appliedOn }]
        : [{ recordId: record.recordId, cityCode: record.cityCode, appliedOn: data.appliedOn }, other];
      decisions.push({
        kind: "two-open-registrations",
        close,
        evidence: {
          recordId: evidence.recordId,
          cityCode: evidence.cityCode,
          type: "unemployment-registration",
          effectiveOn: evidence.appliedOn,
        },
      });
    }
  } else if (record.type === "employment-registration") {
    const data = record.data as { startedOn: string; endedOn?: string };
    if (data.endedOn) return [];
    for (const open of await openElsewhere(tx, record.personKey, record.cityCode)) {
      decisions.push({
        kind: "employed-while-registered",
        close: open,
        evidence: {
          recordId: record.recordId,
          cityCode: record.cityCode,
          type: "employment-registration",
          effectiveOn: data.startedOn,
        },
      });
    }
  }
  const sent: Decision[] = [];
  for (const decision of decisions)
    if (await instruct(tx, cipher, record.personKey, decision)) sent.push(decision);
  return sent;
}

function openElsewhere(tx: Database, personKey: string, cityCode: string) {
  return tx
    .select({
      recordId: hubOpenRegistrations.recordId,
      cityCode: hubOpenRegistrations.cityCode,
      appliedOn: hubOpenRegistrations.appliedOn,
    })
    .from(hubOpenRegistrations)
    .where(and(eq(hubOpenRegistrations.personKey, personKey), ne(hubOpenRegistrations.cityCode, cityCode)));
}

async function instruct(tx: Database, cipher: PiiCipher, personKey: string, d: Decision): Promise<boolean> {
  const instructionId = randomUUID();
  const [fresh] = await tx
    .insert(hubConflicts)
    .values({
      personKey,
      kind: d.kind,
      closeRecordId: d.close.recordId,
      closeCity: d.close.cityCode,
      evidenceRecordId: d.evidence.recordId,
      evidenceCity: d.evidence.cityCode,
      instructionId,
    })
    .onConflictDoNothing()
    .returning({ id: hubConflicts.id });
  if (!fresh) return false; // decided before: a redelivery, or the same registration again
  const person = await personRefOf(tx, cipher, personKey);
  if (!person) throw new Error(`person ${personKey} not merged before its conflict`);
  const now = new Date().toISOString();
  await flowback.toCity(tx, d.close.cityCode, registrationClosureInstruction, {
    id: instructionId,
    revision: 1,
    cityCode: d.close.cityCode,
    recordedAt: now,
    person,
    registrationId: d.close.recordId,
    reason: d.kind === "employed-while-registered" ? "employed-elsewhere" : "registered-elsewhere",
    evidence: {
      cityCode: d.evidence.cityCode,
      recordType: d.evidence.type,
      recordId: d.evidence.recordId,
      effectiveOn: d.evidence.effectiveOn,
    },
    decidedAt: now,
  });
  return true;
}
