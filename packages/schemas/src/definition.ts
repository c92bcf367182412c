import type { z } from "zod";

/** Which topic family a record travels on; see catalogue.ts. */
export type TopicFamilyName =
  | "cityPerson"
  | "cityMaster"
  | "gigEvents"
  | "cityReceipts"
  | "gigReceipts"
  | "provinceVouchers"
  | "flowbackCity"
  | "flowbackGig";

/**
 * One record type of the contract. Its CloudEvents `type` and `dataschema` carry the major version,
 * so a consumer can refuse a version it does not know instead of misreading it.
 */
export interface RecordDefinition<S extends z.ZodType = z.ZodType, N extends string = string> {
  /** kebab-case, e.g. "unemployment-registration" */
  name: N;
  version: number;
  title: string;
  titleZh: string;
  schema: S;
  /** The family a producer publishes it on. */
  topic: TopicFamilyName;
  /** Further families that carry the same record, e.g. a flow-back notice sent to cities and gig markets. */
  alsoOn?: TopicFamilyName[];
  /** The Kafka message key: the person key for person records, so one person's events stay on one partition. */
  key(data: z.output<S>): string;
  /** What the key is, for the docs, when it is not the family's usual key. */
  keyDescription?: string;
  /** The CloudEvents subject: the record's own id. */
  subject(data: z.output<S>): string;
}

export const CE_TYPE_PREFIX = "cn.gov.fj.pes.";
export const SCHEMA_BASE_URI = "https://pes.fj.gov.cn/schemas/";

export const ceTypeOf = (name: string, version: number) => `${CE_TYPE_PREFIX}${name}.v${version}`;
export const dataschemaOf = (name: string, version: number) => `${SCHEMA_BASE_URI}${name}/v${version}.json`;

export function defineRecord<S extends z.ZodType, const N extends string>(
  def: RecordDefinition<S, N>,
): RecordDefinition<S, N> & {
  ceType: string;
  dataschema: string;
} {
  return { ...def, ceType: ceTypeOf(def.name, def.version), dataschema: dataschemaOf(def.name, def.version) };
}

export type DefinedRecord = ReturnType<typeof defineRecord>;
