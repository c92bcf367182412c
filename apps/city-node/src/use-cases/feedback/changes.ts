import { maskName, maskResidentId } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { and, asc, eq, gt, like, or, type SQL, sql } from "drizzle-orm";
import { type ChangeKind, changes } from "../../db/tables/feedback.js";
import { persons } from "../../db/tables/persons.js";
import { type PersonRow, type PersonVault, presentPerson } from "../persons/store.js";

/** An item of the change feed, as the flow-back that applied it hands it on. */
export interface NewChange {
  kind: ChangeKind;
  /** The flow-back record (a notice, an instruction), its revision and its event. */
  recordId: string;
  revision: number;
  eventId: string;
  /** The person it is about, by key, and the node's person when it knows them. */
  personKey?: string | null;
  personId?: string | null;
  /** Whose area it is in when the node does not know the person (a notice's areaCode), if any. */
  divisionCode?: string | null;
  /** What it says, as shown: personal data masked (maskedPerson), never in clear. */
  payload: Record<string, unknown>;
}

/**
 * Adds an item to the node's change feed, in the caller's transaction (the one that applies the
 * flow-back). It is numbered as that transaction commits (the deferred trigger of migration 0008),
 * after the items the transactions committed before it: the head row is held only while it commits.
 */
export async function appendChange(db: Database, change: NewChange): Promise<void> {
  await db.insert(changes).values({
    kind: change.kind,
    recordId: change.recordId,
    revision: change.revision,
    eventId: change.eventId,
    personKey: change.personKey ?? null,
    personId: change.personId ?? null,
    divisionCode: change.divisionCode ?? null,
    payload: change.payload,
  });
}

/** A person a flow-back record names, as the feed keeps them: by key, the ID number and name masked. */
export const maskedPerson = (person: { key: string; idNumber: string; name: string }) => ({
  key: person.key,
  idNumber: maskResidentId(person.idNumber),
  name: maskName(person.name),
});

/** The feed's cursor: the sequence number of the last item the caller has, opaque to it. */
export const encodeChangeCursor = (sequence: number) =>
  Buffer.from(JSON.stringify(["ch", sequence])).toString("base64url");

export function decodeChangeCursor(text: string): number | undefined {
  try {
    const [tag, sequence] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    return tag === "ch" && Number.isSafeInteger(sequence) && (sequence as number) >= 0
      ? (sequence as number)
      : undefined;
  } catch {
    return undefined;
  }
}

type ChangeRow = typeof changes.$inferSelect;

/** An item as a caller sees it: the person masked unless `clear` (never for a list, by the node's rule). */
export function presentChange(row: ChangeRow, person: PersonRow | null, vault: PersonVault, clear: boolean) {
  const { person: kept, ...payload } = row.payload as { person?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const shown = person ? presentPerson(person, vault, clear) : undefined;
  return {
    id: row.id,
    sequence: row.sequence!,
    kind: row.kind,
    recordId: row.recordId,
    revision: row.revision,
    eventId: row.eventId,
    person: shown
      ? {
          id: shown.id,
          key: shown.personKey,
          idNumber: shown.idNumber,
          name: shown.name,
          masked: shown.masked,
        }
      : kept
        ? { id: null, ...(kept as { key: string; idNumber: string; name: string }), masked: true }
        : null,
    closure: row.kind === "registration-closure-instruction" ? payload : null,
    serviceNeeded: row.kind === "service-needed-notice" ? payload : null,
    voucher: row.kind === "voucher-notice" ? payload : null,
    rejection: row.kind === "record-rejection-notice" ? payload : null,
    receivedAt: row.receivedAt.toISOString(),
  };
}

/**
 * The feed after `after`, oldest first, within `root` (the caller's access root; undefined: the whole
 * node): an item counts as in an area by its person's division, or for a person the node does not
 * know by the division it names; one with neither only for the whole node. The next cursor is the
 * last item's (or `after`, on an empty page), so a caller at the end keeps it and later gets only
 * what came since.
 */
export async function readChanges(
  db: Database,
  vault: PersonVault,
  opts: {
    after: number;
    limit: number;
    kind?: ChangeKind | undefined;
    root?: string | undefined;
    clear: boolean;
  },
) {
  const area = sql`coalesce(${persons.divisionCode}, ${changes.divisionCode})`;
  const within: SQL | undefined = opts.root
    ? or(sql`${area} = ${opts.root}`, like(area, `${opts.root}%`))
    : undefined;
  const rows = await db
    .select({ row: changes, person: persons })
    .from(changes)
    .leftJoin(persons, eq(persons.id, changes.personId))
    .where(and(gt(changes.sequence, opts.after), opts.kind ? eq(changes.kind, opts.kind) : undefined, within))
    .orderBy(asc(changes.sequence))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1)?.row.sequence ?? opts.after;
  return {
    items: page.map(({ row, person }) => presentChange(row, person, vault, opts.clear)),
    nextCursor: encodeChangeCursor(last),
    hasMore: rows.length > opts.limit,
  };
}
