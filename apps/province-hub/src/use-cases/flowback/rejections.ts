import {
  CityCode,
  fromKafkaHeaders,
  type IncomingHeaders,
  parseCeType,
  parseTopic,
  personalPathsOf,
  RecordId,
  RecordRejectionNotice,
  Revision,
  recordByType,
  recordRejectionNotice,
  sealAttributesOf,
} from "@pes/schemas";
import { type DeadLetterView, derivedUuid, type Publication, type Trust } from "@pes/sync";
import type { z } from "zod";
import { flowback } from "./publish.js";

type Notice = z.input<typeof RecordRejectionNotice>;
type Problem = Notice["problems"][number];
type Stage = Notice["stage"];

/**
 * Which refusals of the ingest a city is told of, and at what stage. Only those that come after the
 * record's signature verified as the city: the city is then the one that signed it. Not told: a
 * record whose signature does not hold (unsigned, unknown-signer, revoked-signer, forged, altered),
 * one from another producer than its topic's (wrong-source: a copy of a city's record put on another
 * topic would otherwise be reported to a city that did nothing wrong), a replayed copy (the original
 * was applied), and the hub's own failures (handler-failed: an operator replays them once fixed).
 */
const TOLD: Partial<Record<DeadLetterView["reason"], Stage>> = {
  unsealed: "trust",
  "not-for-us": "trust",
  unreadable: "trust",
  "malformed-json": "contract",
  "unknown-type": "contract",
  "unsupported-version": "contract",
  "invalid-record": "contract",
  "handler-rejected": "rule",
};

const REASONS: Record<string, string> = {
  unsealed: "The record was not sealed for the province (docs/adr/0006)",
  "not-for-us": "The record was sealed for another key than the province's encryption keys",
  unreadable: "The record's seal does not open (its wrapped key or its tag is wrong)",
  "malformed-json": "The record's value is not JSON",
  "unknown-type": "The contract has no record of this type",
};

const CITY_SOURCE = /^\/city\/(\d{6})$/;
const MAX_PROBLEMS = 20;

/** A dead letter as the hub's index reads it: where it lies, its original headers and bytes, and why. */
export interface RejectedLetter {
  /** The dead-letter topic, partition and offset: the notice's id derives from them. */
  topic: string;
  partition: number;
  offset: string;
  headers: IncomingHeaders | undefined;
  value: Buffer | null;
  view: DeadLetterView;
}

/**
 * The id of the notice about a dead letter: a UUID (version 8) derived from where the letter lies, so
 * the letter indexed again is the same notice, and a replayed record refused again is a new one.
 */
export function rejectionNoticeId(letter: Pick<RejectedLetter, "topic" | "partition" | "offset">): string {
  return derivedUuid(["pes-rejection-notice-1", letter.topic, String(letter.partition), letter.offset]);
}

/**
 * The rejection notice to send the city whose record the hub's ingest refused, or undefined when no
 * city may be told: the refusal is not one a city is told of (TOLD), the record's signature does not
 * verify now as a city's (the letter's headers are anyone's word; its signature is the city's), the
 * record travelled on another city's topic, no record id can be read, or the city has no encryption
 * key to seal it for. The notice names fields and rules, never a value: each message is the
 * contract's or the rule's with every word of the refused value and of the record's personal data
 * masked (scrub).
 */
export function rejectionNoticeOf(
  trust: Pick<Trust, "verifier" | "opener" | "registry">,
  letter: RejectedLetter,
  now = new Date(),
): { cityCode: string; publication: Publication } | undefined {
  const { view, headers, value } = letter;
  const stage = TOLD[view.reason];
  if (!stage) return undefined;
  const envelope = fromKafkaHeaders(headers);
  if (!envelope.success) return undefined;
  const attributes = envelope.data;
  const city = CityCode.safeParse(CITY_SOURCE.exec(attributes.source)?.[1]);
  if (!city.success) return undefined;
  const cityCode = city.data;
  const origin = parseTopic(view.originTopic);
  const cityTopic = origin?.family.name === "cityPerson" || origin?.family.name === "cityMaster";
  if (!cityTopic || origin.city !== cityCode) return undefined;
  if (!trust.verifier.verify(attributes, headers, value).ok) return undefined;
  if (!trust.registry.encryptionKeyOf(attributes.source)) return undefined;

  const opened = trust.opener.open(sealAttributesOf(headers), attributes.id, value);
  const json = opened.ok ? parseJson(opened.plaintext) : undefined;
  const record = isObject(json) ? json : undefined;
  const recordId = [attributes.subject, record?.id].find((id) => RecordId.safeParse(id).success) as
    | string
    | undefined;
  if (!recordId) return undefined;
  const revision = Revision.safeParse(record?.revision);
  const definition = recordByType(attributes.type);
  const named = parseCeType(attributes.type);
  const recordType = definition?.name ?? named?.name ?? attributes.type.slice(0, 200);
  const personal = personalValues(record, recordType);
  const problems = problemsOf(view, definition?.schema, json, personal);
  const reasonCode =
    view.reason === "handler-rejected"
      ? view.code && /^[a-z0-9][a-z0-9-]{0,59}$/.test(view.code)
        ? view.code
        : "rejected-by-rule"
      : view.reason;
  const reason =
    view.reason === "invalid-record"
      ? `The record does not satisfy the contract of ${recordType}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`
      : view.reason === "unsupported-version" && named
        ? `Version ${named.version} of ${named.name} is not one the province takes`
        : view.reason === "handler-rejected"
          ? scrub(view.detail, personal) || "A rule of the province's ingest refused it"
          : (REASONS[view.reason] ?? view.reason);
  const data: Notice = {
    id: rejectionNoticeId(letter),
    revision: 1,
    cityCode,
    recordedAt: now.toISOString(),
    recordId,
    recordType,
    ...(revision.success ? { recordRevision: revision.data } : {}),
    eventId: attributes.id.slice(0, 200),
    stage,
    reasonCode,
    reason: reason.slice(0, 500),
    problems,
    rejectedAt: validInstant(view.at) ?? now.toISOString(),
  };
  if (!RecordRejectionNotice.safeParse(data).success) return undefined;
  return {
    cityCode,
    // Its event id is the notice's own, so the city's inbox drops a notice written again.
    publication: { ...flowback.cityPublication(cityCode, recordRejectionNotice, data), id: data.id },
  };
}

/** The fields refused: every issue of the contract, or the rule's field, each message scrubbed. */
function problemsOf(
  view: DeadLetterView,
  schema: z.ZodType | undefined,
  json: unknown,
  personal: readonly string[],
): Problem[] {
  if (view.reason === "invalid-record" && schema && json !== undefined) {
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      return parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
        const path = issue.path.map(String).join(".");
        const message = scrub(issue.message, [...leaves(valueAt(json, issue.path)), ...personal]);
        return {
          ...(path ? { path: path.slice(0, 200) } : {}),
          code: issue.code.replaceAll("_", "-"),
          message: message || "This field is not valid",
        };
      });
  }
  if ((view.reason === "invalid-record" || view.reason === "handler-rejected") && view.fieldPath) {
    const values = [...leaves(valueAt(json, view.fieldPath.split("."))), ...personal];
    return [
      {
        path: view.fieldPath.slice(0, 200),
        message: scrub(view.detail, values) || "This field is not valid",
      },
    ];
  }
  return [];
}

/**
 * `message` with each word (a run of letters and digits, Chinese included) masked as … when it shares
 * two characters or more with one of `values`: in it, or it in the word. A message that quotes the
 * refused value, or a part of an ID number, a name or a mobile, says … there instead; one line of at
 * most 300 characters.
 */
export function scrub(message: string, values: readonly string[]): string {
  const hidden = values.map((v) => v.toLowerCase()).filter((v) => v.length >= 2);
  const masked = message.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const w = word.toLowerCase();
    if (w.length < 2) return word;
    return hidden.some((v) => v.includes(w) || w.includes(v)) ? "…" : word;
  });
  return masked
    .replace(/[\p{Cc}\p{Cs}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}

/** Every personal value of the record (its ID numbers, names and phones) as text. */
function personalValues(record: Record<string, unknown> | undefined, recordType: string): string[] {
  if (!record) return [];
  return personalPathsOf(recordType).flatMap((path) => leaves(valuesAtPattern(record, path.split("."))));
}

function valuesAtPattern(data: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [data];
  const [head, ...rest] = path;
  if (head === "*") return Array.isArray(data) ? data.flatMap((d) => valuesAtPattern(d, rest)) : [];
  return isObject(data) && head !== undefined ? valuesAtPattern(data[head], rest) : [];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at = data;
  for (const key of path) {
    if (Array.isArray(at) && /^\d+$/.test(String(key))) at = at[Number(key)];
    else if (isObject(at)) at = at[String(key)];
    else return undefined;
  }
  return at;
}

/** The strings and numbers in `value`, as text (at most 200 of them, from at most 5 levels down). */
function leaves(value: unknown, depth = 0, out: string[] = []): string[] {
  if (out.length >= 200) return out;
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint")
    out.push(String(value));
  else if (depth < 5 && Array.isArray(value)) for (const v of value) leaves(v, depth + 1, out);
  else if (depth < 5 && isObject(value)) for (const v of Object.values(value)) leaves(v, depth + 1, out);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function validInstant(text: string): string | undefined {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
