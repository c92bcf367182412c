import { chinaDateOf } from "@pes/core";
import { type PersonRef, progress131, type ServiceType, serviceNeededNotice } from "@pes/schemas";
import { columnsOf, openRecord, type Publication, rowsOf, type TraceHeaders } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { sentNeeds } from "../../db/tables/needs.js";
import { ONE_ON_ONE } from "../../domain/indicators/contributions.js";
import type { UseCaseContext } from "../context.js";
import { sendWithEvidence } from "../evidence/log.js";
import { personRefsOf } from "../ingest/persons.js";
import type { IngestExtension } from "../ingest/types.js";
import { marketNotices } from "./markets.js";
import { needNoticeId } from "./notice-ids.js";
import { flowback } from "./publish.js";

const READ_TYPES: ReadonlySet<string> = new Set([
  "unemployment-registration",
  "service-record",
  "zero-employment-family",
  "key-group-membership",
  "employment-registration",
]);
const TRIGGERS = READ_TYPES;
/** Why a person still needs a service. */
export type Reason = "131-shortfall" | "zero-employment-family" | "graduate-without-contact";

interface Need {
  cityCode: string;
  areaCode: string;
  reasons: Reason[];
  shortfall131?: { careerGuidance: number; jobRecommendations: number; trainingOrInternship: number };
  /** From the registration, for the gig markets (the city has it already). */
  contactMobile?: string;
}
type Row = {
  personKey: string | null;
  type: string;
  cityCode: string;
  districtCode: string | null;
  data: Record<string, unknown>;
};
type Sent = typeof sentNeeds.$inferSelect;
type Change = {
  personKey: string;
  cityCode: string;
  status: "open" | "resolved";
  digest: string;
  need: Need;
  /** The trace of the record that led to the notice: the notice goes on in it. */
  trace?: TraceHeaders;
};

/**
 * 数据回流 of persons who still need a service ("大数据+铁脚板"): when records about persons arrive,
 * the hub works out what each still needs (the 131 parts owed since their registration, a
 * zero-employment family not cleared, an unemployed graduate nobody has contacted one-to-one) and
 * tells their city, only when it changed. The notices are sealed for their city or market with
 * `sealer`; `cipher` opens the persons' ID numbers and names they carry.
 */
export function needsFlowbackExtension({
  cipher,
  sealer,
}: Pick<UseCaseContext, "cipher" | "sealer">): IngestExtension {
  return async (tx, { records, timelines }) => {
    const keys = [
      ...new Set(records.flatMap((r) => (r.personKey && TRIGGERS.has(r.type) ? [r.personKey] : []))),
    ];
    if (keys.length === 0) return;
    // A person's records share a partition, so the chunk's last one about them is their newest change.
    const causes = new Map<string, TraceHeaders | undefined>();
    for (const r of records) if (r.personKey && TRIGGERS.has(r.type)) causes.set(r.personKey, r.trace);
    const sent = await tx
      .select()
      .from(sentNeeds)
      .where(sql`${sentNeeds.personKey} = any(${sql.param(keys)}::text[])`);
    const changes: Change[] = [];
    for (const personKey of keys.sort()) {
      const need = needOf(
        cipher,
        (timelines.get(personKey) ?? []).filter((r) => READ_TYPES.has(r.type)),
      );
      const trace = causes.get(personKey);
      const told = sent.filter((s) => s.personKey === personKey);
      if (need) {
        const digest = JSON.stringify([need.reasons, need.shortfall131 ?? null, need.areaCode]);
        const before = told.find((s) => s.cityCode === need.cityCode);
        if (before?.status !== "open" || before.digest !== digest)
          changes.push({ personKey, cityCode: need.cityCode, status: "open", digest, need, trace });
      } else {
        // Everything the person needed is met: every city told before gets the notice resolved.
        for (const s of told.filter((s) => s.status === "open"))
          changes.push({
            personKey,
            cityCode: s.cityCode,
            status: "resolved",
            digest: "resolved",
            need: { cityCode: s.cityCode, areaCode: s.cityCode, reasons: s.reasons as Reason[] },
            trace,
          });
      }
    }
    if (changes.length === 0) return;
    const persons = await personRefsOf(tx, cipher, [...new Set(changes.map((c) => c.personKey))]);
    const saved = await saveSent(tx, changes);
    const publications: Publication[] = [];
    for (const change of changes) {
      const person = persons.get(change.personKey);
      const row = saved.get(`${change.personKey}|${change.cityCode}`);
      if (person && row) publications.push(noticeOf(person, row, change.need, change.trace));
    }
    const forMarkets = changes.map(({ personKey, cityCode, status, need, trace }) => ({
      personKey,
      cityCode,
      status,
      // What a market sees: the 131 parts owed are the city's business. The mobile by its fingerprint,
      // so the stored digest tells a change without keeping the number.
      digest: JSON.stringify([
        need.reasons,
        need.areaCode,
        need.contactMobile ? cipher.fingerprint(need.contactMobile) : null,
      ]),
      areaCode: need.areaCode,
      reasons: need.reasons,
      keyGroups: need.reasons.map((r) => KEY_GROUPS[r]),
      ...(need.contactMobile ? { contactMobile: need.contactMobile } : {}),
      trace,
    }));
    publications.push(...(await marketNotices(tx, forMarkets, persons)));
    await sendWithEvidence(tx, publications, sealer);
  };
}

function needOf(cipher: UseCaseContext["cipher"], records: Row[]): Need | undefined {
  const registration = records.find(
    (r) => r.type === "unemployment-registration" && r.data.state === "registered",
  );
  const family = records.find((r) => r.type === "zero-employment-family" && r.data.state === "identified");
  const graduate = uncontactedGraduate(records);
  const anchor = registration ?? family ?? graduate;
  if (!anchor) return undefined;
  // Kept sealed at rest (storeNewest): opened for the notice.
  const mobile = registration && openRecord(cipher, registration.type, registration.data).contactMobile;
  const need: Need = {
    cityCode: anchor.cityCode,
    areaCode: anchor.districtCode ?? anchor.cityCode,
    reasons: [],
    ...(typeof mobile === "string" ? { contactMobile: mobile } : {}),
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
  if (graduate) need.reasons.push("graduate-without-contact");
  return need.reasons.length > 0 ? need : undefined;
}

/**
 * 离校未就业高校毕业生 still on the ledger, not in work, whom no staff member has contacted one-to-one
 * since they joined it (the same contact the one-on-one indicator counts).
 */
function uncontactedGraduate(records: Row[]): Row | undefined {
  const working = records.some((r) => r.type === "employment-registration" && !r.data.endedOn);
  if (working) return undefined;
  return records.find((r) => {
    if (r.type !== "key-group-membership" || r.data.group !== "college-graduate" || r.data.endedOn)
      return false;
    const since = String(r.data.startedOn);
    return !records.some(
      (s) =>
        s.type === "service-record" &&
        ONE_ON_ONE.has(String(s.data.serviceType)) &&
        s.data.channel !== "online" &&
        chinaDateOf(String(s.data.servedAt)) >= since,
    );
  });
}

/** Saves what is told to whom, one statement for the chunk; returns the rows by person and city. */
async function saveSent(tx: Database, changes: Change[]): Promise<Map<string, Sent>> {
  const col = columnsOf(changes);
  const rows = rowsOf<{
    person_key: string;
    city_code: string;
    notice_id: string;
    revision: number;
    status: string;
    digest: string;
    reasons: string[];
    area_code: string | null;
    shortfall131: Sent["shortfall131"];
  }>(
    // A resolved notice keeps the area it was open in (its need carries the city as a stand-in).
    await tx.execute(sql`insert into ${sentNeeds} (person_key, city_code, notice_id, revision, status, digest, reasons, area_code, shortfall131)
      select k, c, n::uuid, 1, s, d, string_to_array(r, ','), a, f::jsonb
      from unnest(${col((c) => c.personKey)}::text[], ${col((c) => c.cityCode)}::text[],
        ${col((c) => needNoticeId(c.personKey, c.cityCode))}::text[], ${col((c) => c.status)}::text[],
        ${col((c) => c.digest)}::text[], ${col((c) => c.need.reasons.join(","))}::text[],
        ${col((c) => (c.status === "open" ? c.need.areaCode : null))}::text[],
        ${col((c) => (c.status === "open" && c.need.shortfall131 ? JSON.stringify(c.need.shortfall131) : null))}::text[])
        as x(k, c, n, s, d, r, a, f)
      order by k, c
      on conflict (person_key, city_code) do update set revision = ${sentNeeds.revision} + 1,
        status = excluded.status, digest = excluded.digest, reasons = excluded.reasons,
        area_code = coalesce(excluded.area_code, ${sentNeeds.areaCode}), shortfall131 = excluded.shortfall131
      returning person_key, city_code, notice_id, revision, status, digest, reasons, area_code, shortfall131`),
  );
  return new Map(
    rows.map((r) => [
      `${r.person_key}|${r.city_code}`,
      {
        personKey: r.person_key,
        cityCode: r.city_code,
        noticeId: r.notice_id,
        revision: r.revision,
        status: r.status as Sent["status"],
        digest: r.digest,
        reasons: r.reasons,
        areaCode: r.area_code,
        shortfall131: r.shortfall131,
      },
    ]),
  );
}

const KEY_GROUPS = {
  "131-shortfall": "registered-unemployed",
  "zero-employment-family": "zero-employment-family",
  "graduate-without-contact": "college-graduate",
} as const;

/** Only what the receiving city needs to act: who, why, what is owed, where. */
function noticeOf(person: PersonRef, row: Sent, need: Need, trace: TraceHeaders | undefined): Publication {
  const now = new Date().toISOString();
  const reasons = need.reasons;
  return flowback.cityPublication(
    row.cityCode,
    serviceNeededNotice,
    {
      id: row.noticeId,
      revision: row.revision,
      cityCode: row.cityCode,
      recordedAt: now,
      person,
      status: row.status,
      reasons,
      keyGroups: reasons.map((r) => KEY_GROUPS[r]),
      ...(row.status === "open" && need.shortfall131 ? { shortfall131: need.shortfall131 } : {}),
      ...(row.status === "resolved" && reasons.includes("131-shortfall")
        ? { shortfall131: { careerGuidance: 0, jobRecommendations: 0, trainingOrInternship: 0 } }
        : {}),
      areaCode: need.areaCode,
      noticedAt: now,
    },
    trace,
  );
}
