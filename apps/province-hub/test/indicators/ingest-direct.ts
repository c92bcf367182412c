import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { hubRecords } from "../../src/db/tables/records.js";
import { applyRecord } from "../../src/use-cases/indicators/store.js";
import type { FixtureEvent } from "./fixture.js";

/** As the ingest handler does, without the broker: keep the newest revision, and call the engine only when it is newer. */
export async function ingestDirect(db: Database, e: FixtureEvent): Promise<void> {
  await db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(hubRecords)
      .values({ ...e, eventId: `${e.recordId}/${e.revision}`, eventTime: e.time })
      .onConflictDoUpdate({
        target: hubRecords.recordId,
        set: {
          revision: sql`excluded.revision`,
          data: sql`excluded.data`,
          eventTime: sql`excluded.event_time`,
        },
        setWhere: sql`${hubRecords.revision} < excluded.revision`,
      })
      .returning({ recordId: hubRecords.recordId });
    if (stored) await applyRecord(tx, e);
  });
}
