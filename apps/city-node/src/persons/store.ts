import {
  birthDateOfResidentId,
  maskMobile,
  maskName,
  maskResidentId,
  type PersonRef,
  personKeyOf,
  sexOfResidentId,
} from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { eq, sql } from "drizzle-orm";
import { persons } from "../db/tables/persons.js";

export type PersonRow = typeof persons.$inferSelect;

export interface PersonInput {
  idNumber: string;
  name: string;
  phone?: string | undefined;
  divisionCode: string;
}

export interface PersonVault {
  cipher: PiiCipher;
  personKeySecret: string;
}

export const personKeyFor = (vault: PersonVault, idNumber: string) =>
  personKeyOf(idNumber, vault.personKeySecret);

export async function findPersonByIdNumber(
  db: Database,
  vault: PersonVault,
  idNumber: string,
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

/** Adds the person to the ledger, or brings their name, phone and residence up to date. */
export async function upsertPerson(tx: Database, vault: PersonVault, input: PersonInput): Promise<PersonRow> {
  const { cipher } = vault;
  const values = {
    personKey: personKeyFor(vault, input.idNumber),
    idNumberEnc: cipher.encrypt(input.idNumber),
    nameEnc: cipher.encrypt(input.name),
    phoneEnc: input.phone ? cipher.encrypt(input.phone) : null,
    sex: sexOfResidentId(input.idNumber),
    birthDate: birthDateOfResidentId(input.idNumber),
    divisionCode: input.divisionCode,
  };
  const [row] = await tx
    .insert(persons)
    .values(values)
    .onConflictDoUpdate({
      target: persons.personKey,
      set: {
        nameEnc: values.nameEnc,
        phoneEnc: sql`coalesce(excluded.phone_enc, ${persons.phoneEnc})`,
        divisionCode: values.divisionCode,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

/** The person as the contract carries them to the province. */
export function personRefOf(row: PersonRow, vault: PersonVault): PersonRef {
  return {
    key: row.personKey,
    idNumber: vault.cipher.decrypt(row.idNumberEnc),
    name: vault.cipher.decrypt(row.nameEnc),
    sex: row.sex,
    birthDate: row.birthDate,
  };
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
  const idNumber = vault.cipher.decrypt(row.idNumberEnc);
  const name = vault.cipher.decrypt(row.nameEnc);
  const phone = row.phoneEnc ? vault.cipher.decrypt(row.phoneEnc) : null;
  return {
    id: row.id,
    personKey: row.personKey,
    idNumber: clear ? idNumber : maskResidentId(idNumber),
    name: clear ? name : maskName(name),
    phone: phone && !clear ? maskMobile(phone) : phone,
    sex: row.sex,
    birthDate: row.birthDate,
    divisionCode: row.divisionCode,
    masked: !clear,
  };
}
