import type { PersonRef } from "@pes/schemas";
import type { EventHandler, IncomingEvent, PiiCipher, Sealer } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { acceptedFacts, deferEvidence } from "../evidence/log.js";
import { assertTrustworthy } from "./boundary.js";
import { resolveConflicts } from "./conflicts.js";
import { mergePersons } from "./persons.js";
import { loadTimelines, lockPersons, storeNewest } from "./store.js";
import type { AppliedRecord, IngestExtension } from "./types.js";

export interface IngestOptions {
  personKeySecret: string;
  cipher: PiiCipher;
  /** Seals what the ingest writes to the outbox (a registration-closure instruction) for its city. */
  sealer: Sealer;
  /** Called with the records stored as newer revisions: the indicator engine, reporting counters. */
  extensions?: IngestExtension[];
}

type RecordShape = {
  id: string;
  revision: number;
  cityCode: string;
  districtCode?: string;
  person?: PersonRef;
};

export type BatchHandler = (tx: Database, events: IncomingEvent[]) => Promise<void>;

/**
 * 一库: stores every record of every city and gig market as its newest revision (a late or repeated
 * older revision changes nothing), merges its person, resolves cross-city conflicts and hands the
 * records to the extensions, all in the consumer's transaction and a statement per step for the
 * whole chunk, not per record.
 */
export function ingestBatchHandler(opts: IngestOptions): BatchHandler {
  const apply = applyBatch(opts);
  // Every record handed on is entered in the evidence log as accepted, after the chunk's work and
  // with what it sent, in the chunk's transaction.
  return (tx, events) =>
    deferEvidence(
      tx,
      () => apply(tx, events),
      () => acceptedFacts(events),
    );
}

function applyBatch(opts: IngestOptions): BatchHandler {
  return async (tx, events) => {
    for (const event of events) assertTrustworthy(event, opts.personKeySecret);
    // Within a chunk only the newest revision of a record can be stored; the older ones are superseded.
    const newest = new Map<string, IncomingEvent>();
    for (const event of events) {
      const data = event.data as RecordShape;
      const kept = newest.get(data.id);
      if (!kept || (kept.data as RecordShape).revision < data.revision) newest.set(data.id, event);
    }
    const candidates = [...newest.values()].map(appliedOf);
    await lockPersons(tx, candidates);
    const stored = await storeNewest(tx, opts.cipher, candidates);
    if (stored.length === 0) return;
    await mergePersons(
      tx,
      opts.cipher,
      stored.flatMap((r) => {
        const person = (r.data as RecordShape).person;
        return person ? [{ person, cityCode: r.cityCode }] : [];
      }),
    );
    await resolveConflicts(tx, opts, stored);
    if (!opts.extensions?.length) return;
    const keys = [...new Set(stored.flatMap((r) => (r.personKey ? [r.personKey] : [])))];
    const chunk = { records: stored, timelines: await loadTimelines(tx, keys) };
    for (const extension of opts.extensions) await extension(tx, chunk);
  };
}

/** The same for one event at a time (tests, tools). */
export function ingestHandler(opts: IngestOptions): EventHandler {
  const batch = ingestBatchHandler(opts);
  return (tx, event) => batch(tx, [event]);
}

function appliedOf(event: IncomingEvent): AppliedRecord {
  const data = event.data as RecordShape;
  return {
    type: event.definition.name,
    recordId: data.id,
    revision: data.revision,
    firstSeen: false,
    cityCode: data.cityCode,
    districtCode: data.districtCode ?? null,
    personKey: data.person?.key ?? null,
    source: event.attributes.source,
    eventId: event.attributes.id,
    // ce_time is optional (CloudEvents): without it, the record is as of its Kafka timestamp.
    time: new Date(event.attributes.time ?? event.appendedAt ?? Date.now()),
    data: data as unknown as Record<string, unknown>,
    ...(event.trace ? { trace: event.trace } : {}),
  };
}
