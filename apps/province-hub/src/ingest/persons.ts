import type { PersonRef } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { eq, sql } from "drizzle-orm";
import { hubPersons } from "../db/tables/records.js";

/** Merges a person seen in `cityCode` into the provincial register, personal data encrypted. */
export async function mergePerson(
  tx: Database,
  cipher: PiiCipher,
  person: PersonRef,
  cityCode: string,
): Promise<void> {
  await tx
    .insert(hubPersons)
    .values({
      personKey: person.key,
      idNumberEnc: cipher.encrypt(person.idNumber),
      nameEnc: cipher.encrypt(person.name),
      sex: person.sex ?? null,
      birthDate: person.birthDate ?? null,
      cities: [cityCode],
    })
    .onConflictDoUpdate({
      target: hubPersons.personKey,
      set: {
        nameEnc: sql`excluded.name_enc`,
        cities: sql`(select array_agg(distinct c order by c) from unnest(${hubPersons.cities} || excluded.cities) as c)`,
        lastSeenAt: sql`now()`,
      },
    });
}

/** The person as a flow-back message carries them. */
export async function personRefOf(
  tx: Database,
  cipher: PiiCipher,
  personKey: string,
): Promise<PersonRef | undefined> {
  const [row] = await tx.select().from(hubPersons).where(eq(hubPersons.personKey, personKey));
  if (!row) return undefined;
  return {
    key: row.personKey,
    idNumber: cipher.decrypt(row.idNumberEnc),
    name: cipher.decrypt(row.nameEnc),
    ...(row.sex ? { sex: row.sex as "male" | "female" } : {}),
    ...(row.birthDate ? { birthDate: row.birthDate } : {}),
  };
}
