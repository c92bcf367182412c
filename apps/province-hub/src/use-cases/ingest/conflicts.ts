import { randomUUID } from "node:crypto";
import { registrationClosureInstruction } from "@pes/schemas";
import type { TraceHeaders } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { hubConflicts } from "../../db/tables/conflicts.js";
import { hubOpenRegistrations } from "../../db/tables/records.js";
import type { UseCaseContext } from "../context.js";
import { sendWithEvidence } from "../evidence/log.js";
import { flowback } from "../flowback/publish.js";
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

type OpenRegistration = { recordId: string; personKey: string; cityCode: string; appliedOn: string };

/**
 * The province's view of BRIEF §3: a person has at most one open unemployment registration in the
 * province, and a person employed anywhere is not unemployed. Keeps the open registrations current
 * and sends each city that must close one a closure instruction, once.
 */
export async function resolveConflicts(
  tx: Database,
  ctx: Pick<UseCaseContext, "cipher" | "sealer">,
  records: readonly AppliedRecord[],
): Promise<Decision[]> {
  const registrations = records.filter((r) => r.personKey && r.type === "unemployment-registration");
  const closed = registrations.filter((r) => r.data.state === "closed").map((r) => r.recordId);
  const open: OpenRegistration[] = registrations
    .filter((r) => r.data.state !== "closed")
    .map((r) => ({
      recordId: r.recordId,
      personKey: r.personKey!,
      cityCode: r.cityCode,
      appliedOn: String(r.data.appliedOn),
    }));
  if (closed.length)
    await tx
      .delete(hubOpenRegistrations)
      .where(sql`${hubOpenRegistrations.recordId} = any(${sql.param(closed)}::text[])`);
  if (open.length) await tx.insert(hubOpenRegistrations).values(open).onConflictDoNothing();
  const employed = records.filter(
    (r) => r.personKey && r.type === "employment-registration" && !r.data.endedOn,
  );
  if (open.length === 0 && employed.length === 0) return [];

  const keys = [...new Set([...open, ...employed].map((r) => r.personKey!))];
  const known = await tx
    .select()
    .from(hubOpenRegistrations)
    .where(sql`${hubOpenRegistrations.personKey} = any(${sql.param(keys)}::text[])`);
  const elsewhere = (personKey: string, cityCode: string) =>
    known.filter((o) => o.personKey === personKey && o.cityCode !== cityCode);

  // With the trace of the record that led to each decision: its instruction goes on in it.
  const traceOf = new Map(registrations.map((r) => [r.recordId, r.trace]));
  const decisions: Array<Decision & { personKey: string; trace: TraceHeaders | undefined }> = [];
  for (const reg of open) {
    for (const other of elsewhere(reg.personKey, reg.cityCode)) {
      // The newer registration stands; the older one closes, wherever it is and whichever arrived first.
      const thisIsNewer =
        reg.appliedOn > other.appliedOn ||
        (reg.appliedOn === other.appliedOn && reg.recordId > other.recordId);
      const [close, evidence] = thisIsNewer ? [other, reg] : [reg, other];
      decisions.push({
        personKey: reg.personKey,
        kind: "two-open-registrations",
        close: { recordId: close.recordId, cityCode: close.cityCode },
        evidence: {
          recordId: evidence.recordId,
          cityCode: evidence.cityCode,
          type: "unemployment-registration",
          effectiveOn: evidence.appliedOn,
        },
        trace: traceOf.get(reg.recordId),
      });
    }
  }
  for (const job of employed) {
    for (const other of elsewhere(job.personKey!, job.cityCode)) {
      decisions.push({
        personKey: job.personKey!,
        kind: "employed-while-registered",
        close: { recordId: other.recordId, cityCode: other.cityCode },
        evidence: {
          recordId: job.recordId,
          cityCode: job.cityCode,
          type: "employment-registration",
          effectiveOn: String(job.data.startedOn),
        },
        trace: job.trace,
      });
    }
  }
  const sent: Decision[] = [];
  for (const { personKey, trace, ...decision } of decisions)
    if (await instruct(tx, ctx, personKey, decision, trace)) sent.push(decision);
  return sent;
}

async function instruct(
  tx: Database,
  { cipher, sealer }: Pick<UseCaseContext, "cipher" | "sealer">,
  personKey: string,
  d: Decision,
  trace: TraceHeaders | undefined,
): Promise<boolean> {
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
  const instruction = flowback.cityPublication(
    d.close.cityCode,
    registrationClosureInstruction,
    {
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
    },
    trace,
  );
  // An instruction is never revised, so its event takes its id: the registration's conflict row leads
  // to the evidence log's entries and the city's receipts for it (docs/adr/0007).
  await sendWithEvidence(tx, [{ ...instruction, id: instructionId }], sealer);
  return true;
}
