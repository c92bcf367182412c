import type { DefinedRecord } from "@pes/schemas";
import { insertOutboxRows, type SealedOutboxRow } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { type AuditEntry, auditAll, auditLater } from "../audit/record.js";
import type { ChunkScope, IntakeEntry } from "../chunk.js";
import type { Publisher, UseCaseContext } from "../context.js";
import { lockAndReadSources, rememberAll } from "../intake/source-records.js";
import { lockPersons, type PersonRow, personKeyFor } from "../persons/store.js";
import type { ServicePointBook } from "./service-points.js";

const sourceKey = (kind: string, sourceRecordId: string) => `${kind}\n${sourceRecordId}`;

/** What a chunk reads ahead for its items: the persons they name and the source ids they carry. */
export interface ChunkWants {
  idNumbers: readonly string[];
  sources: readonly { kind: string; sourceRecordId: string }[];
}

/**
 * A chunk of a batch: the rows its items need, read ahead and locked in one statement each, and the
 * writes its items hand over (outbox rows, audit entries, remembered contents), written in one
 * statement each before the chunk commits. Each item works in a layer of its own (item()), merged
 * when its savepoint is released and dropped when it is refused.
 */
export class Chunk {
  private readonly outbox: SealedOutboxRow[] = [];
  private readonly audits: AuditEntry[] = [];
  private readonly remembered: IntakeEntry[] = [];

  private constructor(
    private readonly persons: Map<string, PersonRow | null>,
    private readonly sources: Map<string, IntakeEntry | null>,
    private readonly points: ServicePointBook,
  ) {}

  /** Locks and reads what the chunk's items name, in `ctx.db` (the chunk's transaction). */
  static async readAhead(
    ctx: Pick<UseCaseContext, "db" | "vault">,
    wants: ChunkWants,
    points: ServicePointBook,
  ): Promise<Chunk> {
    const sourceRows = await lockAndReadSources(ctx.db, wants.sources);
    const sources = new Map<string, IntakeEntry | null>(
      wants.sources.map((s) => [sourceKey(s.kind, s.sourceRecordId), null]),
    );
    for (const [key, row] of sourceRows) sources.set(key, row);
    const keys = wants.idNumbers.map((id) => personKeyFor(ctx.vault, id));
    const persons = new Map<string, PersonRow | null>(keys.map((k) => [k, null]));
    for (const row of await lockPersons(ctx.db, keys)) persons.set(row.personKey, row);
    return new Chunk(persons, sources, points);
  }

  /** An item's layer over the chunk: its scope, publisher and audit sink for its savepoint. */
  item(publisher: Publisher): ItemLayer {
    return new ItemLayer(this, publisher);
  }

  /** @internal: an item whose savepoint was released hands its layer over. */
  merge(layer: ItemLayer): void {
    for (const [k, v] of layer.persons) this.persons.set(k, v);
    for (const [k, v] of layer.sources) this.sources.set(k, v);
    this.outbox.push(...layer.outbox);
    this.audits.push(...layer.audits);
    this.remembered.push(...layer.remembered);
  }

  /** @internal */
  personAhead(key: string) {
    return this.persons.get(key);
  }
  /** @internal */
  sourceAhead(key: string) {
    return this.sources.get(key);
  }
  /** @internal */
  pointActive(id: string) {
    return this.points.isActive(id);
  }

  /** Writes what the items handed over, in the chunk's transaction: outbox, audit, intake records. */
  async flush(db: Database): Promise<void> {
    await insertOutboxRows(db, this.outbox);
    await auditAll(db, this.audits);
    await rememberAll(db, this.remembered);
  }
}

/** One item's reads and writes on top of its chunk's. */
export class ItemLayer implements ChunkScope {
  readonly persons = new Map<string, PersonRow | null>();
  readonly sources = new Map<string, IntakeEntry | null>();
  readonly outbox: SealedOutboxRow[] = [];
  readonly audits: AuditEntry[] = [];
  readonly remembered: IntakeEntry[] = [];
  /** The publisher the item's ledgers publish through: sealed now, written with the chunk. */
  readonly publisher: Publisher;

  constructor(
    private readonly chunk: Chunk,
    real: Publisher,
  ) {
    const seal = real.seal?.bind(real);
    this.publisher = seal
      ? {
          publish: async (_tx: Database, definition: DefinedRecord, data: unknown) => {
            this.outbox.push(seal(definition, data));
          },
        }
      : real;
  }

  /** Defers the audit entries written on `db` (the item's savepoint, or the chunk's transaction) to this layer. */
  auditOn(db: Database): void {
    auditLater(db, this.audits);
  }

  /** Audit entries written on `db` are written at once again. */
  auditNow(db: Database): void {
    auditLater(db, undefined);
  }

  person(personKey: string) {
    return this.persons.has(personKey) ? this.persons.get(personKey) : this.chunk.personAhead(personKey);
  }
  setPerson(personKey: string, row: PersonRow | null) {
    this.persons.set(personKey, row);
  }
  source(kind: string, sourceRecordId: string) {
    const key = sourceKey(kind, sourceRecordId);
    return this.sources.has(key) ? this.sources.get(key) : this.chunk.sourceAhead(key);
  }
  remember(entry: IntakeEntry) {
    this.remembered.push(entry);
    if (entry.sourceRecordId) this.sources.set(sourceKey(entry.kind, entry.sourceRecordId), entry);
  }
  servicePointActive(id: string) {
    return this.chunk.pointActive(id);
  }
}
