import { personKeyOf } from "@pes/schemas";
import { samplePerson } from "@pes/schemas/samples";
import { SECRET } from "./config.js";

/** A person as the city nodes send one: the hub's person key, the ID number and the name. */
export interface Person {
  key: string;
  idNumber: string;
  name: string;
}

let seq = 10;
/**
 * The hub's one person factory: the contract's sample person (a valid GB 11643 ID number of 思明) with
 * a fresh sequence on every call (odd: a man), born on `birth`, keyed with the tests' person-key secret.
 */
export function person(birth = "1990-03-07", opts: { name?: string; region?: string } = {}): Person {
  seq += 2;
  const sample = samplePerson(seq + 1, {
    birthDate: birth,
    name: opts.name ?? "陈明",
    region: opts.region ?? "350203",
  });
  return { key: personKeyOf(sample.idNumber, SECRET), idNumber: sample.idNumber, name: sample.name };
}
