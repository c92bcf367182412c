import { randomUUID } from "node:crypto";
import { decodeEvent, encodeEvent, makeResidentId, personKeyOf, recordByName, sourceOf } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { type IncomingEvent, PiiCipher, rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { openAppDatabase } from "../../src/db/index.js";
import { ingestBatchHandler, ingestHandler } from "../../src/use-cases/ingest/handler.js";
import type { IngestExtension } from "../../src/use-cases/ingest/types.js";

export const SECRET = "test-person-key-secret-0123456789";
export const cipherKey = Buffer.alloc(32, 3).toString("base64");
export const cipher = new PiiCipher(cipherKey);

export async function hubDatabase(label: string, extensions: IngestExtension[] = []) {
  const testDb = await createTestDatabase(label);
  const db: DatabaseHandle = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  const handle = ingestHandler({ personKeySecret: SECRET, cipher, extensions });
  const handleBatch = ingestBatchHandler({ personKeySecret: SECRET, cipher, extensions });
  return {
    db,
    /** Applies one event as the consumer would: decoded at the boundary, in a transaction. */
    ingest: (event: IncomingEvent) => db.db.transaction((tx) => handle(tx, event)),
    /** Applies a chunk as the live consumer does: one transaction, a statement per step. */
    ingestChunk: (events: IncomingEvent[]) => db.db.transaction((tx) => handleBatch(tx, events)),
    async query<T>(text: string): Promise<T[]> {
      return rowsOf<T>(await db.db.execute(sql.raw(text)));
    },
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}

let seq = 10;
export function person(birth = "1990-03-07") {
  seq += 2;
  const idNumber = makeResidentId("350203", birth, seq + 1);
  return { key: personKeyOf(idNumber, SECRET), idNumber, name: "陈明" };
}

/** An event as it would arrive from `cityCode`'s node on its person topic (the current version unless told). */
export function fromCity(
  cityCode: string,
  name: string,
  overrides: Record<string, unknown>,
  opts: { source?: string; topic?: string; version?: number } = {},
): IncomingEvent {
  const definition = recordByName(name, opts.version)!;
  const data = { ...sampleRecord(name), cityCode, districtCode: undefined, ...overrides };
  const encoded = encodeEvent(definition, data, { source: opts.source ?? sourceOf.city(cityCode) });
  const decoded = decodeEvent(encoded.headers, encoded.value);
  if (!decoded.ok) throw new Error(`fixture invalid: ${decoded.failure.fieldPath} ${decoded.failure.detail}`);
  return {
    ...decoded.event,
    topic: opts.topic ?? `pes.city.${cityCode}.person`,
    partition: 0,
    offset: "0",
    key: encoded.key,
  };
}

export function unemployment(
  cityCode: string,
  who: ReturnType<typeof person>,
  appliedOn: string,
  extra: Record<string, unknown> = {},
) {
  return fromCity(cityCode, "unemployment-registration", {
    id: randomUUID(),
    person: who,
    state: "registered",
    appliedOn,
    dueBy: appliedOn,
    registeredOn: appliedOn,
    servicePointId: "sp-1",
    ...extra,
  });
}
