import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { DefinedRecord } from "./definition.js";
import {
  type CloudEventAttributes,
  fromKafkaHeaders,
  type IncomingHeaders,
  type KafkaHeaders,
  toKafkaHeaders,
} from "./envelope.js";
import { isKnownRecordName, parseCeType, recordByType } from "./registry.js";

export interface EncodedEvent {
  key: string;
  headers: KafkaHeaders;
  value: string;
  attributes: CloudEventAttributes;
}

/**
 * Validates a record against its schema and wraps it in the envelope. A producer that hands in
 * an invalid record gets a ZodError here, before anything reaches the outbox.
 */
export function encodeEvent<S extends z.ZodType>(
  definition: DefinedRecord & { schema: S },
  data: z.input<S>,
  opts: { source: string; id?: string; time?: Date },
): EncodedEvent {
  const parsed = definition.schema.parse(data);
  const attributes: CloudEventAttributes = {
    id: opts.id ?? randomUUID(),
    source: opts.source,
    type: definition.ceType,
    specversion: "1.0",
    time: (opts.time ?? new Date()).toISOString(),
    subject: definition.subject(parsed),
    dataschema: definition.dataschema,
    datacontenttype: "application/json",
  };
  return {
    key: definition.key(parsed),
    headers: toKafkaHeaders(attributes),
    value: JSON.stringify(parsed),
    attributes,
  };
}

export type DecodeFailureReason =
  | "missing-envelope"
  | "unknown-type"
  | "unsupported-version"
  | "malformed-json"
  | "invalid-record";

export interface DecodeFailure {
  reason: DecodeFailureReason;
  detail: string;
  /** Dotted path of the first invalid field, e.g. "person.idNumber". */
  fieldPath?: string;
  /** The CloudEvents type the message claimed. */
  schema?: string;
}

export interface DecodedEvent {
  attributes: CloudEventAttributes;
  definition: DefinedRecord;
  data: unknown;
}

export type DecodeResult = { ok: true; event: DecodedEvent } | { ok: false; failure: DecodeFailure };

/** The boundary check every consumer runs before a record touches its database. */
export function decodeEvent(
  headers: IncomingHeaders | undefined,
  value: Buffer | string | null,
  /** The envelope when the caller has parsed it already (the trust check does). */
  envelope?: ReturnType<typeof fromKafkaHeaders>,
): DecodeResult {
  const attrs = envelope ?? fromKafkaHeaders(headers);
  if (!attrs.success) {
    const issue = attrs.error.issues[0];
    return fail("missing-envelope", `CloudEvents header invalid: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const type = attrs.data.type;
  const definition = recordByType(type);
  if (!definition) {
    const parsedType = parseCeType(type);
    if (parsedType && isKnownRecordName(parsedType.name)) {
      return fail(
        "unsupported-version",
        `version ${parsedType.version} of ${parsedType.name} is not supported`,
        type,
      );
    }
    return fail("unknown-type", `unknown record type ${type}`, type);
  }
  let json: unknown;
  try {
    json = JSON.parse(value === null ? "" : value.toString());
  } catch (e) {
    return fail("malformed-json", `value is not JSON: ${(e as Error).message}`, type);
  }
  const parsed = definition.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      failure: {
        reason: "invalid-record",
        detail: issue.message,
        fieldPath: issue.path.join("."),
        schema: type,
      },
    };
  }
  return { ok: true, event: { attributes: attrs.data, definition, data: parsed.data } };
}

function fail(reason: DecodeFailureReason, detail: string, schema?: string): DecodeResult {
  return { ok: false, failure: { reason, detail, ...(schema ? { schema } : {}) } };
}
