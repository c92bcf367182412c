import type { PersonRef } from "@pes/schemas";
import type { EventHandler, PiiCipher } from "@pes/sync";
import { sql } from "drizzle-orm";
import { hubRecords } from "../db/tables/records.js";
import { assertTrustworthy } from "./boundary.js";
import { resolveConflicts } from "./conflicts.js";
import { mergePerson } from "./persons.js";
import type { AppliedRecord, IngestExtension } from "./types.js";

export interface IngestOptions {
  personKeySecret: string;
  cipher: PiiCipher;
  /** Called for every record stored as a newer revision: the indicator engine, reporting counters. */
  extensions?: IngestExtension[];
}

type RecordShape = {
  id: string;
  revision: number;
  cityCode: string;
  districtCode?: string;
  person?: PersonRef;
};

/**
 * 一库: stores every record of every city and gig market as its newest revision (a late or repeated
 * older revision changes nothing), merges its person, resolves cross-city conflicts and hands the
 * record to the extensions, all in the consumer's transaction.
 */
export function ingestHandler(opts: IngestOptions): EventHandler {
  return async (tx, event) => {
    assertTrustworthy(event, opts.personKeySecret);
    const data = event.data as RecordShape;
    const { person, ...withoutPerson } = data;
    const values = {
      recordId: data.id,
      type: event.definition.name,
      revision: data.revision,
      cityCode: data.cityCode,
      districtCode: data.districtCode ?? null,
      personKey: person?.key ?? null,
      source: event.attributes.source,
      eventId: event.attributes.id,
      eventTime: new Date(event.attributes.time),
      data: withoutPerson,
    };
    const [stored] = await tx
      .insert(hubRecords)
      .values(values)
      .onConflictDoUpdate({
        target: hubRecords.recordId,
        set: {
          revision: sql`excluded.revision`,
          districtCode: sql`excluded.district_code`,
          eventId: sql`excluded.event_id`,
          eventTime: sql`excluded.event_time`,
          data: sql`excluded.data`,
          receivedAt: sql`now()`,
        },
        setWhere: sql`${hubRecords.revision} < excluded.revision`,
      })
      .returning({ recordId: hubRecords.recordId });
    if (!stored) return; // an older or the same revision: already superseded

    if (person) await mergePerson(tx, opts.cipher, person, data.cityCode);
    const applied: AppliedRecord = {
      type: values.type,
      recordId: values.recordId,
      revision: values.revision,
      cityCode: values.cityCode,
      districtCode: values.districtCode,
      personKey: values.personKey,
      source: values.source,
      time: values.eventTime,
      data: data as unknown as Record<string, unknown>,
    };
    await resolveConflicts(tx, opts.cipher, applied);
    for (const extension of opts.extensions ?? []) await extension(tx, applied);
  };
}
