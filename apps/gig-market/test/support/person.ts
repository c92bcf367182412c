import { personKeyOf } from "@pes/schemas";
import { samplePerson } from "@pes/schemas/samples";
import { DEV_PERSON_KEY_SECRET } from "../../src/env.js";

/** A worker as the market and the flow-back know one: the ID number, the name and the person key. */
export interface Person {
  idNumber: string;
  name: string;
  key: string;
}

let seq = 100;
/**
 * The gig market's one person factory: the contract's sample person (a valid GB 11643 ID number of
 * 思明 unless told), unique on every call, born on `birthDate`, keyed with the market's person-key
 * secret as the hub keys it.
 */
export function person(name = "陈明", opts: { birthDate?: string; region?: string } = {}): Person {
  const sample = samplePerson(seq++ % 1000, {
    birthDate: opts.birthDate ?? "1990-03-07",
    region: opts.region ?? "350203",
    name,
  });
  return { idNumber: sample.idNumber, name, key: personKeyOf(sample.idNumber, DEV_PERSON_KEY_SECRET) };
}

/** A fresh valid ID number: person()'s. */
export const idNumber = (opts: { birthDate?: string; region?: string } = {}): string =>
  person(undefined, opts).idNumber;
