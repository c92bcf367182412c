import { personKeyOf } from "@pes/schemas";
import { SAMPLE_PERSON_KEY_SECRET, samplePerson } from "@pes/schemas/samples";

export interface Person {
  idNumber: string;
  name: string;
  key: string;
}

/**
 * The platform tests' one person factory: the contract's sample person numbered `n` (0..999; the
 * 17th digit's parity is the sex, odd a man) — a valid GB 11643 ID number of 思明 unless told — keyed
 * with `secret`, the run's person-key secret the services share.
 */
export function person(
  n: number,
  opts: { birthDate?: string; region?: string; name?: string; secret?: string } = {},
): Person {
  const sample = samplePerson(n, {
    birthDate: opts.birthDate ?? "1990-03-07",
    region: opts.region ?? "350203",
    name: opts.name ?? "陈明",
  });
  return {
    idNumber: sample.idNumber,
    name: sample.name,
    key: personKeyOf(sample.idNumber, opts.secret ?? SAMPLE_PERSON_KEY_SECRET),
  };
}
