import { z } from "zod";
import { PERSON_KEY_PATTERN } from "../person-key.js";
import { INDUSTRY_SECTIONS } from "./enums.js";
import { NOT_BLANK, plainText } from "./plain-text.js";

/**
 * One line of text with a length limit, trimmed; every string of the contract has one. No control
 * character (U+0000–U+001F, U+007F: not even tab or newline) and no lone surrogate.
 */
export function text(max: number, what = "This text") {
  return plainText(
    z
      .string()
      .trim()
      .min(1, { error: `${what} must not be empty`, abort: true })
      .max(max, { error: `${what} has at most ${max} characters` })
      .regex(NOT_BLANK, { error: `${what} must not be empty` }),
    what,
  );
}

/** Free text (a note, a résumé, a description): as `text`, but it may hold tabs and newlines. */
export function freeText(max: number, what = "This text") {
  return plainText(
    z
      .string()
      .trim()
      .min(1, { error: `${what} must not be empty`, abort: true })
      .max(max, { error: `${what} has at most ${max} characters` })
      .regex(NOT_BLANK, { error: `${what} must not be empty` }),
    what,
    { freeText: true },
  );
}

export const RecordId = z
  .uuid({ error: "The record id must be a UUID" })
  .meta({ description: "UUID of the record" });

export const Revision = z
  .number()
  .int({ error: "The revision is a whole number" })
  .min(1, { error: "The revision starts at 1" })
  .max(Number.MAX_SAFE_INTEGER)
  .meta({
    description: "The producer's version of this record, +1 on every change; the hub ignores older ones",
  });

export const PersonKey = z
  .string()
  .regex(PERSON_KEY_PATTERN, {
    error: "The person key must be pk_ followed by 32 characters (see personKeyOf)",
  })
  .meta({ description: "Keyed pseudonym of the ID number: the Kafka key and the join key across cities" });

const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const localId = (what: string, description: string) =>
  z
    .string()
    .regex(LOCAL_ID, { error: `${what}: letters, digits, '.', '_' or '-', at most 64 characters` })
    .meta({ description });

export const ServicePointId = localId(
  "Service point id",
  "Id of the service point (服务网点) in the node's register",
);
export const StaffId = localId(
  "Staff id",
  "Id of the staff member (经办人) in the node's register; not a name",
);
export const PolicyId = localId("Policy id", "Id of the subsidy policy a voucher belongs to");
export const VoucherId = localId("Voucher id", "Id of the employment voucher (就业券), set by the hub");
export const ProviderId = localId("Provider id", "Id of the service provider that redeems vouchers");

export const MarketId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, {
    error: "Market id: lowercase letters, digits and '-', 2 to 63 characters",
  })
  .meta({ description: "Id of a gig market or station (零工市场/驿站), as in its topic name" });

export const IndustryCode = z
  .string()
  .regex(/^[A-T](\d{2}(\d{1,2})?)?$/, {
    error: "Industry: a GB/T 4754 section letter A–T, optionally with its 2–4 digit class, e.g. C or C3911",
  })
  .meta({
    title: "Industry (所属行业)",
    description: `GB/T 4754-2017: ${Object.entries(INDUSTRY_SECTIONS)
      .map(([k, v]) => `${k} ${v}`)
      .join("; ")}`,
  });

export const OccupationCode = z
  .string()
  .regex(/^\d-\d{2}(-\d{2}){0,2}$/, { error: "Occupation code (职业分类大典): e.g. 4-01-02-01" })
  .meta({ description: "Code in the national occupation classification (职业分类大典 2022)" });

export const IndicatorCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, {
    error: "Indicator code: lowercase snake_case, e.g. budget_execution_rate",
  })
  .meta({ description: "Code of a performance indicator in the city's target table" });
