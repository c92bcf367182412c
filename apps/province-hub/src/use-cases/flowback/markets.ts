import { countyLevelOf } from "@pes/core";
import { maskName, maskResidentId, type PersonRef, workNeededNotice } from "@pes/schemas";
import { columnsOf, type Publication, rowsOf, type TraceHeaders } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { gigMarkets, sentMarketNeeds } from "../../db/tables/needs.js";
import type { IngestExtension } from "../ingest/types.js";
import { marketNeedNoticeId } from "./notice-ids.js";
import { flowback } from "./publish.js";

const GIG_TYPES = new Set(["gig-posting", "gig-placement"]);

/**
 * Learns each gig market's area from its own stream: the city and the districts of the gig work it
 * publishes. What flows back to a market is limited to persons of that area.
 */
export const gigMarketsExtension: IngestExtension = async (tx, { records }) => {
  const seen = new Map<string, { cityCode: string; districts: Set<string> }>();
  for (const r of records) {
    if (!GIG_TYPES.has(r.type) || !r.source.startsWith("/gig/")) continue;
    const marketId = String(r.data.marketId);
    const entry = seen.get(marketId) ?? { cityCode: r.cityCode, districts: new Set<string>() };
    if (r.districtCode) entry.districts.add(r.districtCode);
    seen.set(marketId, entry);
  }
  if (seen.size === 0) return;
  const markets = [...seen].sort(([a], [b]) => (a < b ? -1 : 1));
  const col = columnsOf(markets);
  await tx.execute(sql`insert into ${gigMarkets} (market_id, city_code, district_codes)
    select m, c, string_to_array(nullif(d, ''), ',') from unnest(${col(([id]) => id)}::text[], ${col(([, m]) => m.cityCode)}::text[],
      ${col(([, m]) => [...m.districts].join(","))}::text[]) as x(m, c, d)
    on conflict (market_id) do update set
      district_codes = (select coalesce(array_agg(distinct d order by d), '{}') from unnest(${gigMarkets.districtCodes} || excluded.district_codes) as d),
      last_seen_at = now()`);
};

/** What a person needs, as the needs flow-back decided it for their city. */
export interface MarketNeed {
  personKey: string;
  status: "open" | "resolved";
  cityCode: string;
  areaCode: string;
  reasons: string[];
  keyGroups: string[];
  digest: string;
  contactMobile?: string;
  /** The trace of the record that changed the need: the notice goes on in it. */
  trace?: TraceHeaders;
}

/**
 * The same needs for the gig markets of each person's area (数据回流 to 零工市场), sent only when they
 * change, with the person masked: a market needs to know whom to help and how to reach them, not
 * their ID number.
 */
export async function marketNotices(
  tx: Database,
  needs: readonly MarketNeed[],
  persons: ReadonlyMap<string, PersonRef>,
): Promise<Publication[]> {
  if (needs.length === 0) return [];
  const markets = await tx
    .select()
    .from(gigMarkets)
    .where(
      sql`${gigMarkets.cityCode} = any(${sql.param([...new Set(needs.map((n) => n.cityCode))])}::text[])`,
    );
  const sent = await tx
    .select()
    .from(sentMarketNeeds)
    .where(
      sql`${sentMarketNeeds.personKey} = any(${sql.param([...new Set(needs.map((n) => n.personKey))])}::text[])`,
    );
  const changes: Array<{ need: MarketNeed; marketId: string }> = [];
  for (const need of needs) {
    const told = sent.filter((s) => s.personKey === need.personKey);
    if (need.status === "resolved") {
      for (const s of told) if (s.status === "open") changes.push({ need, marketId: s.marketId });
      continue;
    }
    const district = countyLevelOf(need.areaCode);
    const serving = markets.filter(
      (m) =>
        m.cityCode === need.cityCode && (district === need.cityCode || m.districtCodes.includes(district)),
    );
    for (const m of serving) {
      const before = told.find((s) => s.marketId === m.marketId);
      if (before?.status !== "open" || before.digest !== need.digest)
        changes.push({ need, marketId: m.marketId });
    }
    // A person who moved out of a market's area is resolved there.
    for (const s of told)
      if (s.status === "open" && !serving.some((m) => m.marketId === s.marketId))
        changes.push({ need: { ...need, status: "resolved" }, marketId: s.marketId });
  }
  if (changes.length === 0) return [];
  changes.sort((a, b) => (a.need.personKey + a.marketId < b.need.personKey + b.marketId ? -1 : 1));
  const col = columnsOf(changes);
  const saved = rowsOf<{ person_key: string; market_id: string; notice_id: string; revision: number }>(
    await tx.execute(sql`insert into ${sentMarketNeeds} (person_key, market_id, notice_id, revision, status, digest)
      select k, m, n::uuid, 1, s, d from unnest(${col((c) => c.need.personKey)}::text[], ${col((c) => c.marketId)}::text[],
        ${col((c) => marketNeedNoticeId(c.need.personKey, c.marketId))}::text[],
        ${col((c) => c.need.status)}::text[], ${col((c) => c.need.digest)}::text[]) as x(k, m, n, s, d)
      on conflict (person_key, market_id) do update set revision = ${sentMarketNeeds.revision} + 1,
        status = excluded.status, digest = excluded.digest
      returning person_key, market_id, notice_id, revision`),
  );
  const rowOf = new Map(saved.map((r) => [`${r.person_key}|${r.market_id}`, r]));
  const now = new Date().toISOString();
  return changes.flatMap(({ need, marketId }) => {
    const person = persons.get(need.personKey);
    const row = rowOf.get(`${need.personKey}|${marketId}`);
    if (!person || !row) return [];
    return [
      flowback.marketPublication(
        marketId,
        workNeededNotice,
        {
          id: row.notice_id,
          revision: row.revision,
          cityCode: need.cityCode,
          recordedAt: now,
          person: {
            key: person.key,
            idNumberMasked: maskResidentId(person.idNumber),
            nameMasked: maskName(person.name),
          },
          marketId,
          status: need.status,
          reasons: need.reasons,
          keyGroups: need.keyGroups,
          areaCode: need.areaCode,
          ...(need.status === "open" && need.contactMobile ? { contactMobile: need.contactMobile } : {}),
          noticedAt: now,
        },
        need.trace,
      ),
    ];
  });
}
