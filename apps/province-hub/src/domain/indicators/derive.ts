import { birthDateOfResidentId } from "@pes/schemas";
import type { Declaration } from "./compute.js";
import { type Contribution, contributionsOf } from "./contributions.js";
import { type IndicatorRecord, NO_FACTS, personFactsOf } from "./facts.js";

/**
 * The contributions of a set of newest records, each read against its person's whole timeline.
 * The store calls it with one person's timeline whenever a record of that person arrives.
 */
export function deriveContributions(
  records: readonly IndicatorRecord[],
  knownBirthDates: ReadonlyMap<string, string> = new Map(),
): Map<string, Contribution[]> {
  const byPerson = new Map<string, IndicatorRecord[]>();
  for (const r of records)
    if (r.personKey) byPerson.set(r.personKey, [...(byPerson.get(r.personKey) ?? []), r]);
  // The hub keeps a person only by key: the birth date comes from a record in hand that carries the
  // person (its ID number), else from what the hub kept of the person.
  const births = new Map<string, string>(knownBirthDates);
  for (const r of records) {
    const p = r.data.person as { idNumber?: string; birthDate?: string } | undefined;
    const born = p?.birthDate ?? (p?.idNumber?.length === 18 ? birthDateOfResidentId(p.idNumber) : undefined);
    if (r.personKey && born) births.set(r.personKey, born);
  }
  const facts = new Map<string, ReturnType<typeof personFactsOf>>();
  for (const [key, timeline] of byPerson) {
    const birthDate = births.get(key);
    facts.set(key, personFactsOf(timeline, birthDate ? { birthDate } : {}));
  }
  const out = new Map<string, Contribution[]>();
  for (const r of records) {
    const facts_ = r.personKey ? facts.get(r.personKey)! : NO_FACTS;
    out.set(r.recordId, contributionsOf(r, facts_));
  }
  return out;
}

/** A declared-indicator-value record as the engine keeps it. */
export function declarationOf(record: IndicatorRecord & { revision: number; source: string }): Declaration {
  const d = record.data as {
    indicatorCode: string;
    period: string;
    value: number;
    declaredBy: string;
    declaredAt: string;
  };
  return {
    recordId: record.recordId,
    revision: record.revision,
    code: d.indicatorCode,
    cityCode: record.cityCode,
    districtCode: record.districtCode,
    period: d.period,
    value: d.value,
    declaredBy: d.declaredBy,
    declaredAt: new Date(d.declaredAt).toISOString(),
    source: record.source,
  };
}
