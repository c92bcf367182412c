import { sealAttributesOf, sourceOf } from "@pes/schemas";
import { rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { testTrust } from "@pes/sync/testing";
import { type SQL, sql } from "drizzle-orm";

/** Opens what the hub sealed for any receiver: test keys only, for a test to read its outbox. */
const EVERY_RECEIVER = testTrust(sourceOf.province(), () => true);

/** A record the hub wrote to its outbox, opened: its topic, type, Kafka key and the record itself. */
export interface Outboxed {
  eventId: string;
  topic: string;
  type: string;
  key: string;
  /** Whom it was sealed for (the receiver's source, from the registry). */
  sealedFor: string | undefined;
  data: Record<string, unknown>;
}

type Row = {
  event_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string> | string;
  payload: string;
};

/** Opens an outbox row sealed for its receiver; throws when it is not sealed or does not open. */
export function openOutboxRow(row: Row): Outboxed {
  const headers: Record<string, string> =
    typeof row.headers === "string" ? JSON.parse(row.headers) : row.headers;
  const seal = sealAttributesOf(headers);
  const opened = EVERY_RECEIVER.opener.open(seal, row.event_id, row.payload);
  if (!opened.ok)
    throw new Error(`outbox row ${row.event_id} on ${row.topic}: ${opened.reason} (${opened.detail})`);
  return {
    eventId: row.event_id,
    topic: row.topic,
    type: headers.ce_type ?? "",
    key: row.message_key,
    sealedFor: seal.recipient ? EVERY_RECEIVER.registry.key(seal.recipient)?.source : undefined,
    data: JSON.parse(opened.plaintext) as Record<string, unknown>,
  };
}

/**
 * The records of the hub's outbox, oldest first, opened (an outbox row holds only ciphertext);
 * `where` narrows the rows by their clear columns (topic, headers).
 */
export async function outboxed(db: Database, where?: SQL): Promise<Outboxed[]> {
  const rows = rowsOf<Row>(
    await db.execute(sql`select event_id, topic, message_key, headers, payload from pes_outbox
      ${where ? sql`where ${where}` : sql``} order by id`),
  );
  return rows.map(openOutboxRow);
}
