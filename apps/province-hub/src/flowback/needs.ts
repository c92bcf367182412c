import { type PersonRef, progress131, type ServiceType, serviceNeededNotice } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, sql } from "drizzle-orm";
import { sentNeeds } from "../db/tables/needs.js";
import { hubRecords } from "../db/tables/records.js";
import { personRefOf } from "../ingest/persons.js";
import type { IngestExtension } from "../ingest/types.js";
import { flowback } from "../streams/publish.js";

const TRIGGERS = new Set([
  "unemployment-registration",
  "service-record",
  "zero-employment-family",
  "employment-registration",
]);
type Reason = "131-shortfall" | "zero-employment-family";

interface Need {
  cityCode: string;
  areaCode: string;
  reasons: Reason[];
  shortfall131?: { careerGuidance: number; jobRecommendations: number; trainingOrInternship: number };
}

/**
 * 数据回流 of persons who still need a service ("大数据+铁脚板"): when a record about a person arrives,
 * the hub works out what that person still needs (the 131 parts owed since their registration, a
 * zero-employment family not cleared) and tells their city, only when it changed.
 */
export function needsFlowbackExtension(cipher: PiiCipher): IngestExtension {
  return async (tx, record) => {
    if (!record.personKey || !TRIGGERS.has(record.type)) return;
    const need = await needOf(tx, record.personKey);
    if (need) await notify(tx, cipher, record.personKey, need);
    else await resolveAll(tx, cipher, record.personKey);
  };
}

async function needOf(tx: Database, personKey: string): Promise<Need | undefined> {
  const records = await tx
    .select({
      type: hubRecords.type,
      cityCode: hubRecords.cityCode,
      districtCode: hubRecords.districtCode,
      data: hubRecords.data,
    })
    .from(hubRecords)
    .where(
      and(
        eq(hubRecords.personKey, personKey),
        sql`${hubRecords.type} in ('unemployment-registration', 'service-record', 'zero-employment-family')`,
      ),
    );
  const registration = records.find(
    (r) => r.type === "unemployment-registration" && r.data.state === "registered",
  );
  const family = records.find((r) => r.type === "zero-employment-family" && r.data.state === "identified");
  const anchor = registration ?? family;
  if (!anchor) return undefined;
  const need: Need = {
    cityCode: anchor.cityCode,
    areaCode: anchor.districtCode ?? anchor.cityCode,
    reasons: [],
  };
  if (registration) {
    const services = records
      .filter((r) => r.type === "service-record")
      .map((r) => ({ serviceType: r.data.serviceType as ServiceType, servedAt: String(r.data.servedAt) }));
    const progress = progress131(services, String(registration.data.registeredOn));
    if (!progress.complete) {
      need.reasons.push("131-shortfall");
      need.shortfall131 = {
        careerGuidance: progress.guidance.owed,
        jobRecommendations: progress.jobRecommendations.owed,
        trainingOrInternship: progress.trainingOrInternship.owed,
      };
    }
  }
  if (family) need.reasons.push("zero-employment-family");
  return need.reasons.length > 0 ? need : undefined;
}

async function notify(tx: Database, cipher: PiiCipher, personKey: string, need: Need) {
  const digest = JSON.stringify([need.reasons, need.shortfall131 ?? null, need.areaCode]);
  const [sent] = await tx
    .select()
    .from(sentNeeds)
    .where(and(eq(sentNeeds.personKey, personKey), eq(sentNeeds.cityCode, need.cityCode)));
  if (sent?.status === "open" && sent.digest === digest) return;
  const person = await personRefOf(tx, cipher, personKey);
  if (!person) return;
  const row = await saveSent(tx, personKey, need.cityCode, sent, "open", digest, need.reasons);
  await send(tx, person, row, need.reasons, need);
}

/** Everything the person needed is met: every city told before gets the notice resolved. */
async function resolveAll(tx: Database, cipher: PiiCipher, personKey: string) {
  const open = await tx
    .select()
    .from(sentNeeds)
    .where(and(eq(sentNeeds.personKey, personKey), eq(sentNeeds.status, "open")));
  if (open.length === 0) return;
  const person = await personRefOf(tx, cipher, personKey);
  if (!person) return;
  for (const sent of open) {
    const row = await saveSent(tx, personKey, sent.cityCode, sent, "resolved", "resolved", sent.reasons);
    await send(tx, person, row, sent.reasons as Reason[], {
      cityCode: sent.cityCode,
      areaCode: sent.cityCode,
      reasons: [],
    });
  }
}

async function saveSent(
  tx: Database,
  personKey: string,
  cityCode: string,
  previous: typeof sentNeeds.$inferSelect | undefined,
  status: "open" | "resolved",
  digest: string,
  reasons: string[],
) {
  const revision = (previous?.revision ?? 0) + 1;
  const [row] = await tx
    .insert(sentNeeds)
    .values({
      personKey,
      cityCode,
      revision,
      status,
      digest,
      reasons,
      ...(previous ? { noticeId: previous.noticeId } : {}),
    })
    .onConflictDoUpdate({
      target: [sentNeeds.personKey, sentNeeds.cityCode],
      set: { revision, status, digest, reasons },
    })
    .returning();
  return row!;
}

/** Only what the receiving city needs to act: who, why, what is owed, where. */
function send(
  tx: Database,
  person: PersonRef,
  row: typeof sentNeeds.$inferSelect,
  reasons: Reason[],
  need: Need,
) {
  const now = new Date().toISOString();
  return flowback.toCity(tx, row.cityCode, serviceNeededNotice, {
    id: row.noticeId,
    revision: row.revision,
    cityCode: row.cityCode,
    recordedAt: now,
    person,
    status: row.status,
    reasons,
    keyGroups: [
      ...(reasons.includes("131-shortfall") ? (["registered-unemployed"] as const) : []),
      ...(reasons.includes("zero-employment-family") ? (["zero-employment-family"] as const) : []),
    ],
    ...(row.status === "open" && need.shortfall131 ? { shortfall131: need.shortfall131 } : {}),
    ...(row.status === "resolved" && reasons.includes("131-shortfall")
      ? { shortfall131: { careerGuidance: 0, jobRecommendations: 0, trainingOrInternship: 0 } }
      : {}),
    areaCode: need.areaCode,
    noticedAt: now,
  });
}
