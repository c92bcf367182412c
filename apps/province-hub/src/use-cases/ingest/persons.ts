import { birthDateOfResidentId, type PersonRef } from "@pes/schemas";
import { columnsOf, openPersonRef, type PiiCipher, sealPii } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { hubPersons } from "../../db/tables/records.js";

/**
 * Merges the persons seen in a chunk into the provincial register in one statement, personal data
 * encrypted; a person seen in several cities keeps every city.
 */
export async function mergePersons(
  tx: Database,
  cipher: PiiCipher,
  seen: ReadonlyArray<{ person: PersonRef; cityCode: string }>,
): Promise<void> {
  const byKey = new Map<string, { person: PersonRef; cities: Set<string> }>();
  for (const { person, cityCode } of seen) {
    const entry = byKey.get(person.key) ?? { person, cities: new Set<string>() };
    entry.person = person;
    entry.cities.add(cityCode);
    byKey.set(person.key, entry);
  }
  if (byKey.size === 0) return;
  // In key order, so two chunks merging the same persons lock them in the same order.
  const persons = [...byKey.values()]
    .sort((a, b) => (a.person.key < b.person.key ? -1 : 1))
    .map((p) => ({ ...p, ...sealPii(cipher, p.person) }));
  const col = columnsOf(persons);
  await tx.execute(sql`insert into ${hubPersons} (person_key, id_number_enc, name_enc, sex, birth_date, cities)
    select k, i, n, s, b::date, string_to_array(c, ',')
    from unnest(${col((p) => p.person.key)}::text[], ${col((p) => p.idNumberEnc)}::text[],
      ${col((p) => p.nameEnc)}::text[], ${col((p) => p.person.sex ?? null)}::text[],
      ${col((p) => p.person.birthDate ?? birthDateOfResidentId(p.person.idNumber))}::text[], ${col((p) => [...p.cities].sort().join(","))}::text[])
      as x(k, i, n, s, b, c)
    on conflict (person_key) do update set
      name_enc = excluded.name_enc,
      birth_date = coalesce(${hubPersons.birthDate}, excluded.birth_date),
      cities = (select array_agg(distinct c order by c) from unnest(${hubPersons.cities} || excluded.cities) as c),
      last_seen_at = now()`);
}

/** The persons as a flow-back message carries them, by key; personal data decrypted for the message. */
export async function personRefsOf(
  tx: Database,
  cipher: PiiCipher,
  personKeys: readonly string[],
): Promise<Map<string, PersonRef>> {
  if (personKeys.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(hubPersons)
    .where(sql`${hubPersons.personKey} = any(${sql.param([...personKeys])}::text[])`);
  return new Map(
    rows.map((row) => [
      row.personKey,
      {
        ...openPersonRef(cipher, row),
        ...(row.sex ? { sex: row.sex as "male" | "female" } : {}),
        ...(row.birthDate ? { birthDate: row.birthDate } : {}),
      },
    ]),
  );
}

/** One person as a flow-back message carries them. */
export async function personRefOf(
  tx: Database,
  cipher: PiiCipher,
  personKey: string,
): Promise<PersonRef | undefined> {
  return (await personRefsOf(tx, cipher, [personKey])).get(personKey);
}
