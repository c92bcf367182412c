import { birthDateOfResidentId, type PersonRef, sexOfResidentId } from "@pes/schemas";
import { maskPii, openPersonRef, openPii, personKeyFor, rowsOf, sealPii } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { eq, sql } from "drizzle-orm";
import { persons, personTransfers } from "../../db/tables/persons.js";
import type { PersonVault, UseCaseContext } from "../context.js";

export { type PersonVault, personKeyFor };

export type PersonRow = typeof persons.$inferSelect;

export interface PersonInput {
  idNumber: string;
  name: string;
  phone?: string | undefined;
  divisionCode: string;
}

/** The person known to the node by this ID number, if any. */
export async function findPersonByIdNumber(
  { db, vault }: Pick<UseCaseContext, "db" | "vault">,
  { idNumber }: { idNumber: string },
): Promise<PersonRow | undefined> {
  const [row] = await db
    .select()
    .from(persons)
    .where(eq(persons.personKey, personKeyFor(vault, idNumber)));
  return row;
}

export async function findPersonByKey(db: Database, personKey: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.personKey, personKey));
  return row;
}

export interface AdmitInput extends AdmitRules {
  /** The person as the form names them. */
  person: PersonInput;
}

export interface AdmitRules {
  /**
   * Whether the record owns the person's identity (失业/就业/求职登记): it may bring a known person's name
   * and phone up to date. Service, training and rating records and the other ledgers never do.
   */
  ownsIdentity: boolean;
  /**
   * Throws unless the caller's area covers `divisionCode`: the stored division of a known person (the
   * address typed in is then ignored), the address given for a person new to the node.
   */
  assertCovers: (divisionCode: string) => void;
}

/**
 * The person a desk form names, in the caller's transaction, locked until it ends. A person new to the
 * node is added with the address given; a known person keeps their stored division (only a transfer
 * moves it, transferPerson) and, unless the record owns identity, their name and phone too.
 */
export async function admitPerson(
  ctx: Pick<UseCaseContext, "db" | "vault" | "chunk">,
  { person: input, ...rules }: AdmitInput,
): Promise<PersonRow> {
  const { db: tx, vault, chunk } = ctx;
  const { cipher } = vault;
  const personKey = personKeyFor(vault, input.idNumber);
  // In a batch the chunk read its persons ahead, locked: null is a person the node does not know.
  const ahead = chunk?.person(personKey);
  const [known] =
    ahead !== undefined
      ? ahead === null
        ? []
        : [ahead]
      : await tx.select().from(persons).where(eq(persons.personKey, personKey)).for("update");
  if (known && chunk?.addedAhead(personKey)) {
    // Added ahead by the batch's chunk from this very form: as a person new to the node.
    rules.assertCovers(input.divisionCode);
    return known;
  }
  if (known) {
    rules.assertCovers(known.divisionCode);
    if (!rules.ownsIdentity) return known;
    // The same name and phone again change nothing: no write.
    const pii = openPii(cipher, known);
    if (pii.name === input.name && (!input.phone || input.phone === pii.phone)) return known;
    const [updated] = await tx
      .update(persons)
      .set({
        nameEnc: cipher.encrypt(input.name),
        ...(input.phone ? { phoneEnc: cipher.encrypt(input.phone) } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(persons.id, known.id))
      .returning();
    chunk?.setPerson(personKey, updated!);
    return updated!;
  }
  rules.assertCovers(input.divisionCode);
  const [added] = await tx
    .insert(persons)
    .values({
      personKey,
      ...sealPii(cipher, input),
      sex: sexOfResidentId(input.idNumber),
      birthDate: birthDateOfResidentId(input.idNumber),
      divisionCode: input.divisionCode,
    })
    .onConflictDoNothing({ target: persons.personKey })
    .returning();
  if (added) {
    chunk?.setPerson(personKey, added);
    return added;
  }
  // Another request (or a ledger adding family members) added the person first: they are known now,
  // and their stored division decides. The chunk's read-ahead is stale for them: read it again.
  return admitPerson({ db: tx, vault }, { person: input, ...rules }).then((row) => {
    chunk?.setPerson(personKey, row);
    return row;
  });
}

/**
 * 迁移: moves a known person's division (the caller checked who may), as the context's staff member;
 * the transfer row is the audit's detail.
 */
export async function transferPerson(
  ctx: Pick<UseCaseContext, "db" | "staffId" | "requestId" | "chunk">,
  move: { person: PersonRow; toDivisionCode: string; reason: string },
) {
  const { db: tx } = ctx;
  const { person } = move;
  const [moved] = await tx
    .update(persons)
    .set({ divisionCode: move.toDivisionCode, updatedAt: sql`now()` })
    .where(eq(persons.id, person.id))
    .returning();
  ctx.chunk?.setPerson(person.personKey, moved!);
  const [transfer] = await tx
    .insert(personTransfers)
    .values({
      personId: person.id,
      fromDivisionCode: person.divisionCode,
      toDivisionCode: move.toDivisionCode,
      reason: move.reason,
      staffId: ctx.staffId,
      requestId: ctx.requestId ?? null,
    })
    .returning();
  return { person: moved!, transfer: transfer! };
}

const refs = new WeakMap<PersonRow, PersonRef>();

/**
 * The person as the contract carries them to the province. Opened once per row read (a record is
 * checked and then published with it; a batch reuses a person's row for each of their records).
 */
export function personRefOf(row: PersonRow, vault: PersonVault): PersonRef {
  let ref = refs.get(row);
  if (!ref) {
    ref = { ...openPersonRef(vault.cipher, row), sex: row.sex, birthDate: row.birthDate };
    refs.set(row, ref);
  }
  return { ...ref };
}

export interface PersonView {
  id: string;
  personKey: string;
  idNumber: string;
  name: string;
  phone: string | null;
  sex: "male" | "female";
  birthDate: string;
  divisionCode: string;
  masked: boolean;
}

/** What a response may show: masked (3502**********123X, 张**, 138****1234) unless the caller needs the clear values. */
export function presentPerson(row: PersonRow, vault: PersonVault, clear: boolean): PersonView {
  const pii = openPii(vault.cipher, row);
  const { idNumber, name, phone } = clear ? pii : maskPii(pii);
  return {
    id: row.id,
    personKey: row.personKey,
    idNumber,
    name,
    phone,
    sex: row.sex,
    birthDate: row.birthDate,
    divisionCode: row.divisionCode,
    masked: !clear,
  };
}

/**
 * The persons of these keys, locked until the transaction ends: a batch chunk reads its persons
 * ahead with this. Persons the node does not know yet are locked too (an advisory lock per key), so
 * two chunks adding the same new persons in different orders wait for each other instead of
 * deadlocking on the unique index; every lock is taken in key order, the known rows FOR UPDATE.
 */
export async function lockPersons(db: Database, personKeys: readonly string[]): Promise<PersonRow[]> {
  if (personKeys.length === 0) return [];
  const keys = sql.param([...new Set(personKeys)].sort());
  await db.execute(sql`select pg_advisory_xact_lock(h) from (
    select distinct hashtextextended(k, 11) as h from unnest(${keys}::text[]) as k order by h) as ordered`);
  return db
    .select()
    .from(persons)
    .where(sql`${persons.personKey} = any(${keys}::text[])`)
    .orderBy(persons.personKey)
    .for("update");
}

/** A person new to the node as a desk form gives them: the row admitPerson would add. */
export function newPersonRow(vault: PersonVault, input: PersonInput) {
  return {
    personKey: personKeyFor(vault, input.idNumber),
    ...sealPii(vault.cipher, input),
    sex: sexOfResidentId(input.idNumber),
    birthDate: birthDateOfResidentId(input.idNumber),
    divisionCode: input.divisionCode,
  };
}

/**
 * Adds persons new to the node ahead of a batch chunk's items (their keys locked by lockPersons), in
 * one statement; returns the rows added (a person another request added meanwhile is left out).
 */
export async function addPersons(
  db: Database,
  rows: ReturnType<typeof newPersonRow>[],
): Promise<PersonRow[]> {
  if (rows.length === 0) return [];
  const col = <K extends keyof (typeof rows)[number]>(k: K) => sql.param(rows.map((r) => r[k]));
  // One array per column: the statement's text is the same whatever the chunk's size.
  const added = rowsOf<{ person_key: string }>(
    await db.execute(sql`insert into ${persons} (person_key, id_number_enc, name_enc, phone_enc, sex, birth_date, division_code)
      select k, i, n, p, s, b::date, d from unnest(${col("personKey")}::text[], ${col("idNumberEnc")}::text[],
        ${col("nameEnc")}::text[], ${col("phoneEnc")}::text[], ${col("sex")}::text[], ${col("birthDate")}::text[],
        ${col("divisionCode")}::text[]) as x(k, i, n, p, s, b, d)
      on conflict (person_key) do nothing returning person_key`),
  );
  if (added.length === 0) return [];
  return db
    .select()
    .from(persons)
    .where(sql`${persons.personKey} = any(${sql.param(added.map((r) => r.person_key))}::text[])`);
}
