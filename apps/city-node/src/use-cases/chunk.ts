import type { PgTable } from "drizzle-orm/pg-core";
import type { intakeRecords } from "../db/tables/intake.js";
import type { persons } from "../db/tables/persons.js";

type PersonRow = typeof persons.$inferSelect;
type IntakeRow = typeof intakeRecords.$inferSelect;
export type IntakeEntry = Pick<
  IntakeRow,
  "kind" | "recordId" | "sourceRecordId" | "fingerprint" | "revision" | "earlierFingerprints"
>;

/**
 * What a batch item runs with besides its savepoint (ctx.chunk, use-cases/batches/scope.ts): the rows
 * its chunk read ahead in one statement each, and the writes it hands to the chunk, which makes them
 * in one statement each just before it commits. An item sees its own and its chunk's earlier items'
 * writes through it; a refused item's are dropped with its savepoint. Nothing here changes a rule:
 * the same rows are read (under the same locks, taken earlier) and the same rows written (later, in
 * the same transaction). Its records to publish and its audit entries are deferred the same way, by
 * the batch's publisher and auditLater (use-cases/audit/record.ts). Absent outside a batch: every use case reads and writes as it always did.
 */
export interface ChunkScope {
  /**
   * A person by person key, read ahead and locked (FOR UPDATE): the row, null when the node had none,
   * undefined when not read ahead (ask the database).
   */
  person(personKey: string): PersonRow | null | undefined;
  /** A person this item added or changed, for the items after it. */
  setPerson(personKey: string, row: PersonRow | null): void;
  /**
   * Whether the chunk added this person ahead, for this item (the first to name them, from its form):
   * the item takes them as a person new to the node, added with the address its form gives.
   */
  addedAhead(personKey: string): boolean;
  /** A read that stays the same for the chunk (the working calendar), made once per chunk. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
  /**
   * What the intake knows of a source id, read ahead (its advisory lock taken): the row, null when
   * unknown, undefined when not read ahead (lock and ask the database).
   */
  source(kind: string, sourceRecordId: string): IntakeEntry | null | undefined;
  /** rememberContent, written with the chunk; the items after it see it at once. */
  remember(entry: IntakeEntry): void;
  /**
   * A ledger row to insert with the chunk's others, before its next statement (ledgers/insert.ts):
   * the row as RETURNING gives it, or undefined when the item inserts it now (it runs in a savepoint).
   */
  deferInsert<T extends PgTable>(table: T, values: T["$inferInsert"]): T["$inferSelect"] | undefined;
  /** Whether a service point is active, when the chunk knows it (undefined: ask the database). */
  servicePointActive(id: string): boolean | undefined;
}
