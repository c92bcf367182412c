import type { Database } from "@pes/sync/db";
import pRetry from "p-retry";
import { atomically } from "../intake/atomic.js";
import { INTAKE_KINDS, type IntakeKindName, intakeOf, isIntakeKind } from "../intake/registry.js";
import type { Intake, IntakeContext } from "../intake/types.js";
import { publishServiceNetwork } from "../network/publish.js";
import type { PersonInput } from "../persons/store.js";
import { isTransient, type Refusal, refusalOf, schemaRefusal } from "./refusal.js";
import { Chunk, type ChunkWants, type ItemLayer } from "./scope.js";
import {
  ensurePoint,
  type NamedPoint,
  ServicePointBook,
  takePointFields,
  type UnknownServicePoints,
} from "./service-points.js";
import { deferredWriteFailure, WriteBehind } from "./write-behind.js";

/** The most items one batch takes (the route answers 413 above it). */
export const MAX_BATCH_ITEMS = 10_000;
/** Items per transaction: a large batch never holds one long transaction and its locks. */
export const DEFAULT_CHUNK_SIZE = 500;
/** How often a chunk hit by a deadlock or serialization failure is tried in all before the batch stops. */
const CHUNK_ATTEMPTS = 5;
/** Items of a chunk that may fail outside a savepoint (each costs the chunk a rerun) before all are guarded. */
const MAX_RERUNS = 2;

/** One item as the adapter read it from the body: `{ kind, record }`, or why it could not be read. */
export interface BatchItemInput {
  /** Its position in the batch, from 0. */
  index: number;
  /** Its line in an NDJSON body, from 1. */
  line?: number | undefined;
  /** The item as sent. */
  value?: unknown;
  /** Why the item could not be read at all (a line that is not JSON): refused as it is. */
  malformed?: Refusal | undefined;
}

export type ItemStatus = "created" | "revised" | "unchanged" | "refused";

export interface ItemResult {
  index: number;
  line?: number | undefined;
  kind: string | null;
  status: ItemStatus;
  id?: string;
  revision?: number;
  sourceRecordId?: string | null;
  /** The node's id of a service point this item created (unknownServicePoints=create). */
  servicePointCreated?: string;
  refusal?: Refusal;
}

export interface BatchCounts {
  items: number;
  created: number;
  revised: number;
  unchanged: number;
  refused: number;
}

export interface BatchOptions {
  /** What to do with a service point the node does not know: report the item (default) or create it. */
  unknownServicePoints?: UnknownServicePoints;
  chunkSize?: number;
  /**
   * Runs in each chunk's transaction after its items, before it commits, with the chunk's results
   * (an import job writes its progress and rejections there, so they commit with the rows).
   */
  afterChunk?: (tx: Database, results: readonly ItemResult[]) => Promise<void>;
  /** Asked before each chunk: true stops the batch there (an import job resumes later). */
  shouldStop?: () => boolean;
  /** Told of every unexpected error an item met (it is refused as internal): for the log. */
  onUnexpected?: (error: unknown, item: { index: number; kind: string }) => void;
}

export interface BatchOutcome {
  results: ItemResult[];
  counts: BatchCounts;
  /**
   * Set when the batch stopped: a chunk could not be committed (the database failed, or deadlocks
   * persisted). Its items and the later ones were not applied (refused as unavailable); the earlier
   * chunks were.
   */
  interrupted?: { error: unknown; atIndex: number };
  /** Set when shouldStop stopped the batch: the items of the chunks not run have no result. */
  stopped?: boolean;
}

/** An item ready for the intake: its kind, its parsed input and the service point it names. */
interface Prepared {
  index: number;
  line?: number | undefined;
  kind: IntakeKindName;
  intake: Intake;
  input: Record<string, unknown>;
  /** A point not known when the batch started; `field` (in the record) is where a refusal of it points. */
  point?: { named: NamedPoint; field: string; divisionCode: string | undefined } | undefined;
}

const KINDS_WITH_POINT = new Set(
  INTAKE_KINDS.filter((k) => "servicePointId" in (intakeOf(k).input as unknown as { shape: object }).shape),
);

const refusedAt = (path: string, code: string, message: string): Refusal => ({
  reason: "schema",
  code,
  message,
  errors: [{ path, message }],
});

const within = (prefix: string, r: Refusal): Refusal => ({
  ...r,
  errors: r.errors.map((e) => ({
    ...e,
    path: e.path && e.path !== "(root)" ? `${prefix}.${e.path}` : prefix,
  })),
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The division a record places its person or employer in, as sent (for a service point it creates). */
function divisionOf(record: Record<string, unknown>): string | undefined {
  const person = record.person as { divisionCode?: unknown } | undefined;
  const division = isObject(person) ? person.divisionCode : record.divisionCode;
  return typeof division === "string" ? division : undefined;
}

/**
 * An item's shape and record, checked without the database: a known kind, a record its kind's input
 * schema takes, and the service point it names by the city's code resolved against the network.
 */
function prepare(item: BatchItemInput, book: ServicePointBook): Prepared | Refusal {
  if (item.malformed) return item.malformed;
  const { value } = item;
  if (!isObject(value)) return refusedAt("(root)", "invalid-item", "An item is an object: { kind, record }");
  if (!isIntakeKind(value.kind))
    return refusedAt("kind", "unknown-kind", `kind is one of ${INTAKE_KINDS.join(", ")}`);
  if (!isObject(value.record))
    return refusedAt(
      "record",
      "invalid-item",
      "record is the record as its single POST takes it (an object)",
    );
  const kind = value.kind;
  const intake = intakeOf(kind);
  const taken = takePointFields(value.record);
  if (!taken.ok) return refusedAt(`record.${taken.path}`, "validation", taken.message);
  let record = taken.rest;
  let point: Prepared["point"];
  const { code, name } = taken.fields;
  if (code !== undefined) {
    if (!KINDS_WITH_POINT.has(kind))
      return refusedAt("record.servicePointCode", "validation", `A ${kind} names no service point`);
    const named = { ...book.byCityCode(code), name };
    if (record.servicePointId !== undefined && record.servicePointId !== named.id)
      return refusedAt(
        "record.servicePointCode",
        "validation",
        `servicePointCode ${code} is the service point ${named.id}, not ${String(record.servicePointId)}: name one`,
      );
    record = { ...record, servicePointId: named.id };
    point = { named, field: "servicePointCode", divisionCode: divisionOf(record) };
  } else if (typeof record.servicePointId === "string" && KINDS_WITH_POINT.has(kind)) {
    const id = record.servicePointId;
    if (!book.isKnown(id))
      point = {
        named: { id, known: false, name },
        field: "servicePointId",
        divisionCode: divisionOf(record),
      };
  }
  const parsed = intake.input.safeParse(record);
  if (!parsed.success) return within("record", schemaRefusal(parsed.error));
  return {
    index: item.index,
    line: item.line,
    kind,
    intake,
    input: parsed.data as Record<string, unknown>,
    point,
  };
}

/**
 * A batch of records of any kinds, each through its kind's one intake path (the rules of the single
 * routes): applied in the order of the batch, in transactions of `chunkSize` items with a savepoint
 * per item, so an item is applied whole or not at all and a refused one never stops the others.
 * Records about one person are applied in the batch's order (an application, then its registration).
 * `ctx.db` is the database: each chunk opens its own transaction.
 */
export async function runBatch(
  ctx: IntakeContext,
  items: readonly BatchItemInput[],
  options: BatchOptions = {},
): Promise<BatchOutcome> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const unknown = options.unknownServicePoints ?? "refuse";
  const book = await ServicePointBook.load(ctx.db);
  // Each item checked without the database first: its kind, its record's schema, its service point.
  const entries = items.map((item) => {
    const prepared = prepare(item, book);
    return "intake" in prepared ? { prepared } : { result: refused(item, prepared) };
  });
  const results: ItemResult[] = [];
  // Optimistic until refusals show up: a chunk whose items needed reruns makes the next one guarded.
  let guardAll = false;

  // Chunks of the batch's items in order, those refused already included, so that a chunk's results
  // (and an import's progress, afterChunk) cover a contiguous run of the batch.
  for (let from = 0; from < entries.length; from += chunkSize) {
    if (options.shouldStop?.()) return { results, counts: countsOf(results), stopped: true };
    const slice = entries.slice(from, from + chunkSize);
    const chunk = slice.flatMap((e) => (e.prepared ? [e.prepared] : []));
    if (chunk.length === 0 && !options.afterChunk) {
      results.push(...slice.map((e) => e.result!));
      continue;
    }
    const guarded = new Set<number>();
    let done: ChunkDone | undefined;
    let lastError: unknown;
    try {
      done = await pRetry(
        () =>
          ctx.db.transaction(async (tx) => {
            const applied = await applyChunk({ ...ctx, db: tx }, chunk, {
              book,
              unknown,
              options,
              guarded,
              guardAll,
            });
            const byIndex = new Map(applied.results.map((r) => [r.index, r]));
            const all = slice.map((e) => e.result ?? byIndex.get(e.prepared!.index)!);
            await options.afterChunk?.(tx, all);
            // A point the chunk created changes the network the province assesses.
            if (applied.results.some((r) => r.servicePointCreated))
              await publishServiceNetwork({ ...ctx, db: tx });
            return { ...applied, results: all };
          }),
        {
          retries: CHUNK_ATTEMPTS - 1,
          // Deadlocked with another batch: both would run again at once and collide again; stagger
          // (50–100 ms, then twice that each time, at most 1 s).
          minTimeout: 50,
          factor: 2,
          maxTimeout: 1_000,
          randomize: true,
          // A rerun is no failure of the database: it uses up no attempt and waits for nothing.
          shouldConsumeRetry: ({ error }) => !(error instanceof Rerun),
          onFailedAttempt: ({ error }) => {
            if (!(error instanceof Rerun)) return;
            // An unguarded item failed: the chunk rolled back; again, that item in a savepoint (all
            // of them when the failing row was one written with others: whose it was is not known).
            if (error.index === undefined) guardAll = true;
            else guarded.add(error.index);
            if (guarded.size >= MAX_RERUNS) guardAll = true;
          },
          shouldRetry: ({ error }) => error instanceof Rerun || isTransient(error),
        },
      );
    } catch (e) {
      lastError = e;
    }
    if (!done) {
      for (const e of entries.slice(from))
        results.push(
          e.result ??
            refused(e.prepared!, {
              reason: "unavailable",
              code: "not-applied",
              message: "Not applied: the batch stopped before this item (the database failed); send it again",
              errors: [],
            }),
        );
      return {
        results,
        counts: countsOf(results),
        interrupted: { error: lastError, atIndex: items[from]!.index },
      };
    }
    if (guardAll && !done.results.some((r) => r.status === "refused" && r.refusal?.reason !== "schema"))
      guardAll = false;
    book.learn(done.points);
    results.push(...done.results);
  }
  return { results, counts: countsOf(results) };
}

/** Thrown out of a chunk's transaction when an item run without a savepoint failed: run it again, guarded. */
class Rerun extends Error {
  constructor(
    /** The item that failed; undefined when a row written with the chunk's others failed. */
    readonly index: number | undefined,
    override readonly cause: unknown,
  ) {
    super(`batch item ${index ?? "(a deferred row)"} failed outside a savepoint; the chunk runs again`);
  }
}

interface ChunkDone {
  results: ItemResult[];
  /** The service points its items found or added that the batch did not know: known from now on. */
  points: { id: string; code?: string | undefined }[];
}

/**
 * The persons and source ids a chunk's items name, to read ahead; an item run without a savepoint
 * may have its person added ahead.
 */
function wantsOf(chunk: readonly Prepared[], guarded: (index: number) => boolean): ChunkWants {
  const persons: ChunkWants["persons"][number][] = [];
  const sources: { kind: string; sourceRecordId: string }[] = [];
  for (const p of chunk) {
    const named = p.intake.names?.(p.input);
    if (named) {
      const block = p.input.person as PersonInput | undefined;
      const person = block?.idNumber === named.idNumber ? block : undefined;
      persons.push({ index: p.index, idNumber: named.idNumber, person, addAhead: !guarded(p.index) });
    }
    const sourceRecordId = p.input.sourceRecordId;
    if (typeof sourceRecordId === "string") sources.push({ kind: p.intake.kind, sourceRecordId });
  }
  return { persons, sources };
}

/**
 * One chunk's items in `ctx.db`, its transaction: its persons and source ids read ahead, then its
 * items in order, then what the applied items handed over (outbox rows, audit entries, remembered
 * contents) written at once. An item runs in a savepoint when it is `guarded` (or all are): refused,
 * it is rolled back alone. Unguarded, it runs in the chunk's transaction itself, two statements
 * cheaper; if it fails, the whole chunk is rolled back (Rerun) and run again with that item guarded,
 * so every outcome is that of the items applied one by one in order.
 */
/** What a chunk runs with from its batch. */
interface ChunkRun {
  book: ServicePointBook;
  unknown: UnknownServicePoints;
  options: BatchOptions;
}

async function applyChunk(
  ctx: IntakeContext,
  chunk: readonly Prepared[],
  run: ChunkRun & { guarded: ReadonlySet<number>; guardAll: boolean },
): Promise<ChunkDone> {
  const guardedItem = (index: number) => run.guardAll || run.guarded.has(index);
  const writeBehind = new WriteBehind(ctx.db);
  try {
    const ahead = await Chunk.readAhead(ctx, wantsOf(chunk, guardedItem), run.book, writeBehind);
    return await applyItems(ctx, chunk, run, ahead, guardedItem);
  } catch (e) {
    // A row written with others failed: the chunk runs again with every item in its savepoint.
    const failed = deferredWriteFailure(e);
    if (!failed) throw e;
    throw isTransient(failed.cause) ? failed.cause : new Rerun(undefined, failed.cause);
  } finally {
    writeBehind.close();
  }
}

async function applyItems(
  ctx: IntakeContext,
  chunk: readonly Prepared[],
  run: ChunkRun,
  ahead: Chunk,
  guardedItem: (index: number) => boolean,
): Promise<ChunkDone> {
  const { options } = run;
  const results: ItemResult[] = [];
  const points: ChunkDone["points"] = [];
  for (const p of chunk) {
    const { intake, input } = p;
    const guarded = guardedItem(p.index);
    const layer = ahead.item(ctx.publisher, p.index, guarded);
    const itemCtx: IntakeContext = { ...ctx, publisher: layer.publisher, chunk: layer };
    const body = async (sp: IntakeContext) => {
      const point = p.point
        ? await ensurePoint(sp.db, p.point.named, {
            cityCode: ctx.cityCode,
            unknown: run.unknown,
            divisionCode: p.point.divisionCode,
            field: p.point.field,
            seen: ahead.ensuredPoints,
          })
        : undefined;
      return { applied: await intake.apply(sp, input), point };
    };
    try {
      const { applied, point } = guarded
        ? await atomically(itemCtx, { entity: intake.entity, named: intake.names?.(input) }, (sp) => {
            layer.auditOn(sp.db);
            return body(sp);
          })
        : await unguarded(itemCtx, layer, body);
      ahead.merge(layer);
      if (point) {
        points.push(point);
        ahead.pointEnsured(point.id);
      }
      results.push({
        index: p.index,
        ...(p.line !== undefined ? { line: p.line } : {}),
        kind: p.kind,
        status: applied.outcome,
        id: applied.id,
        revision: applied.revision,
        sourceRecordId: applied.sourceRecordId,
        ...(point?.created ? { servicePointCreated: point.id } : {}),
      });
    } catch (e) {
      if (deferredWriteFailure(e) || isTransient(e)) throw e;
      if (!guarded) throw new Rerun(p.index, e);
      const refusal = refusalOf(e);
      if (refusal.reason === "internal") options.onUnexpected?.(e, { index: p.index, kind: p.kind });
      results.push(refused(p, within("record", refusal)));
    }
  }
  await ahead.flush(ctx.db);
  return { results, points };
}

/** An item in the chunk's transaction itself, its audit entries deferred to its layer meanwhile. */
async function unguarded<T>(ctx: IntakeContext, layer: ItemLayer, body: (ctx: IntakeContext) => Promise<T>) {
  layer.auditOn(ctx.db);
  try {
    return await body(ctx);
  } finally {
    layer.auditNow(ctx.db);
  }
}

function refused(
  item: { index: number; line?: number | undefined; kind?: unknown; value?: unknown },
  refusal: Refusal,
): ItemResult {
  const kind =
    typeof item.kind === "string"
      ? item.kind
      : isObject(item.value) && typeof item.value.kind === "string"
        ? item.value.kind
        : null;
  return {
    index: item.index,
    ...(item.line !== undefined ? { line: item.line } : {}),
    kind,
    status: "refused",
    refusal,
  };
}

export function countsOf(results: readonly ItemResult[]): BatchCounts {
  const counts: BatchCounts = { items: results.length, created: 0, revised: 0, unchanged: 0, refused: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
