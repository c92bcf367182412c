import type { DefinedRecord } from "@pes/schemas";
import { insertOutboxRows, type SealedOutboxRow } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { PgTable } from "drizzle-orm/pg-core";
import { type AuditEntry, auditAll, auditLater } from "../audit/record.js";
import type { ChunkScope, IntakeEntry } from "../chunk.js";
import type { Publisher, UseCaseContext } from "../context.js";
import { clearRejections, publishedRevisions } from "../feedback/rejections.js";
import { lockAndReadSources, rememberAll } from "../intake/source-records.js";
import {
  addPersons,
  lockPersons,
  newPersonRow,
  type PersonInput,
  type PersonRow,
  personKeyFor,
} from "../persons/store.js";
import type { ServicePointBook } from "./service-points.js";
import type { WriteBehind } from "./write-behind.js";

const sourceKey = (kind: string, sourceRecordId: string) => `${kind}\n${sourceRecordId}`;

/** What a chunk reads ahead for its items: the persons they name and the source ids they carry. */
export interface ChunkWants {
  /**
   * The persons the items name, in the items' order: `person` is the form's person block, and
   * `addAhead` says whether the item may have its person added ahead (it runs without a savepoint:
   * if it fails, the whole chunk runs again with it guarded, and nothing of this run stays).
   */
  persons: readonly {
    index: number;
    idNumber: string;
    person?: PersonInput | undefined;
    addAhead: boolean;
  }[];
  sources: readonly { kind: string; sourceRecordId: string }[];
}

/**
 * A chunk of a batch: the rows its items need, read ahead and locked in one statement each, and the
 * writes its items hand over (outbox rows, audit entries, remembered contents), written in one
 * statement each before the chunk commits. Each item works in a layer of its own (item()), merged
 * when it is applied and dropped when it is refused.
 */
export class Chunk {
  private readonly outbox: SealedOutboxRow[] = [];
  /** The records the outbox rows publish: a revision clears the province's rejections of its record. */
  private readonly published: unknown[] = [];
  private readonly audits: AuditEntry[] = [];
  private readonly remembered: IntakeEntry[] = [];
  private readonly memos = new Map<string, Promise<unknown>>();
  /** The service points this chunk's items found or created (active, and not yet in the batch's book). */
  private readonly ensured = new Set<string>();

  private constructor(
    private readonly persons: Map<string, PersonRow | null>,
    /** The persons added ahead, each with the item it was added for. */
    private readonly addedFor: ReadonlyMap<string, number>,
    private readonly sources: Map<string, IntakeEntry | null>,
    private readonly points: ServicePointBook,
    /** Writes the items' ledger rows together, before the chunk's next statement. */
    readonly writeBehind: WriteBehind,
  ) {}

  /**
   * Locks and reads what the chunk's items name, in `ctx.db` (the chunk's transaction); then adds, in
   * one statement, each person new to the node whose first item may have them added ahead, from that
   * item's form, exactly as the item would add them.
   */
  static async readAhead(
    ctx: Pick<UseCaseContext, "db" | "vault">,
    wants: ChunkWants,
    points: ServicePointBook,
    writeBehind: WriteBehind,
  ): Promise<Chunk> {
    const sourceRows = await lockAndReadSources(ctx.db, wants.sources);
    const sources = new Map<string, IntakeEntry | null>(
      wants.sources.map((s) => [sourceKey(s.kind, s.sourceRecordId), null]),
    );
    for (const [key, row] of sourceRows) sources.set(key, row);

    const keyOf = new Map<string, string>();
    const named = wants.persons.map((p) => {
      let key = keyOf.get(p.idNumber);
      if (!key) {
        key = personKeyFor(ctx.vault, p.idNumber);
        keyOf.set(p.idNumber, key);
      }
      return { ...p, key };
    });
    const persons = new Map<string, PersonRow | null>(named.map((p) => [p.key, null]));
    for (const row of await lockPersons(ctx.db, [...keyOf.values()])) persons.set(row.personKey, row);

    const first = new Map<string, (typeof named)[number]>();
    for (const p of named) if (!first.has(p.key)) first.set(p.key, p);
    const ahead = [...first.values()].filter((p) => persons.get(p.key) === null && p.addAhead && p.person);
    const itemOf = new Map(ahead.map((p) => [p.key, p.index]));
    const addedFor = new Map<string, number>();
    for (const row of await addPersons(
      ctx.db,
      ahead.map((p) => newPersonRow(ctx.vault, p.person!)),
    )) {
      persons.set(row.personKey, row);
      addedFor.set(row.personKey, itemOf.get(row.personKey)!);
    }
    return new Chunk(persons, addedFor, sources, points, writeBehind);
  }

  /**
   * Item `index`'s layer over the chunk: its scope, its publisher, its audit entries. An item run in
   * a savepoint (`guarded`) inserts its ledger rows at once, so that a refusal rolls back with it.
   */
  item(publisher: Publisher, index: number, guarded = false): ItemLayer {
    return new ItemLayer(this, publisher, index, guarded);
  }

  /** A service point an item of this chunk found or created: active for the items after it. */
  pointEnsured(id: string): void {
    this.ensured.add(id);
  }

  get ensuredPoints(): ReadonlySet<string> {
    return this.ensured;
  }

  /** An applied item hands its layer over. */
  merge(layer: ItemLayer): void {
    for (const [k, v] of layer.persons) this.persons.set(k, v);
    for (const [k, v] of layer.sources) this.sources.set(k, v);
    this.outbox.push(...layer.outbox);
    this.published.push(...layer.published);
    this.audits.push(...layer.audits);
    this.remembered.push(...layer.remembered);
  }

  personAhead(key: string) {
    return this.persons.get(key);
  }
  addedAheadFor(key: string) {
    return this.addedFor.get(key);
  }
  sourceAhead(key: string) {
    return this.sources.get(key);
  }
  pointActive(id: string) {
    return this.ensured.has(id) || this.points.isActive(id);
  }
  memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    let found = this.memos.get(key) as Promise<T> | undefined;
    if (!found) {
      found = load();
      this.memos.set(key, found);
    }
    return found;
  }

  /** Writes what the items handed over, in the chunk's transaction: ledger rows, outbox, audit, intake records. */
  async flush(db: Database): Promise<void> {
    await this.writeBehind.flush();
    await insertOutboxRows(db, this.outbox);
    await clearRejections(db, publishedRevisions(this.published));
    await auditAll(db, this.audits);
    await rememberAll(db, this.remembered);
  }
}

/** One item's reads and writes on top of its chunk's. */
export class ItemLayer implements ChunkScope {
  readonly persons = new Map<string, PersonRow | null>();
  readonly sources = new Map<string, IntakeEntry | null>();
  readonly outbox: SealedOutboxRow[] = [];
  readonly published: unknown[] = [];
  readonly audits: AuditEntry[] = [];
  readonly remembered: IntakeEntry[] = [];
  /** The publisher the item's ledgers publish through: sealed now, written with the chunk. */
  readonly publisher: Publisher;

  constructor(
    private readonly chunk: Chunk,
    real: Publisher,
    private readonly index: number,
    private readonly guarded: boolean,
  ) {
    const seal = real.seal?.bind(real);
    this.publisher = seal
      ? {
          publish: async (_tx: Database, definition: DefinedRecord, data: unknown) => {
            this.outbox.push(seal(definition, data));
            this.published.push(data);
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
  addedAhead(personKey: string) {
    return !this.persons.has(personKey) && this.chunk.addedAheadFor(personKey) === this.index;
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
  deferInsert<T extends PgTable>(table: T, values: T["$inferInsert"]) {
    return this.guarded ? undefined : this.chunk.writeBehind.defer(table, values);
  }
  memo<T>(key: string, load: () => Promise<T>) {
    return this.chunk.memo(key, load);
  }
}
