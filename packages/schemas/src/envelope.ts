import { z } from "zod";
import { singleLine } from "./values/plain-text.js";

/**
 * CloudEvents 1.0 in Kafka binary content mode: attributes travel as `ce_*` headers,
 * the record itself is the message value (JSON). `time` is optional, as in CloudEvents: the
 * platform's producers always set it; a consumer reads an event without it as of its Kafka timestamp.
 */
export const CloudEventAttributes = z.object({
  id: singleLine().min(1).max(200),
  source: singleLine().min(1).max(200),
  type: singleLine().min(1).max(200),
  specversion: z.literal("1.0"),
  time: z.iso.datetime({ offset: true }).optional(),
  subject: singleLine().min(1).max(200).optional(),
  dataschema: z.url().optional(),
  datacontenttype: z.literal("application/json"),
});
export type CloudEventAttributes = z.infer<typeof CloudEventAttributes>;

/** Which Kafka header carries each CloudEvents attribute. */
export const CE_HEADER_OF: Readonly<Record<keyof CloudEventAttributes, string>> = {
  id: "ce_id",
  source: "ce_source",
  type: "ce_type",
  specversion: "ce_specversion",
  time: "ce_time",
  subject: "ce_subject",
  dataschema: "ce_dataschema",
  datacontenttype: "content-type",
};

export type KafkaHeaders = Record<string, string>;
/** As kafkajs decodes them: a header sent with a null value (Kafka allows one) arrives as null. */
export type IncomingHeaders = Record<string, Buffer | string | null | (Buffer | string | null)[] | undefined>;

export function toKafkaHeaders(attrs: CloudEventAttributes): KafkaHeaders {
  const headers: KafkaHeaders = {};
  for (const [attr, header] of Object.entries(CE_HEADER_OF)) {
    const value = attrs[attr as keyof CloudEventAttributes];
    if (value !== undefined) headers[header] = value;
  }
  return headers;
}

/** Reads one header as text; a repeated header keeps its first value, a null one reads as absent. */
export function headerText(headers: IncomingHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first == null ? undefined : first.toString();
}

export function fromKafkaHeaders(headers: IncomingHeaders | undefined) {
  const attrs: Record<string, string | undefined> = {};
  for (const [attr, header] of Object.entries(CE_HEADER_OF)) attrs[attr] = headerText(headers, header);
  return CloudEventAttributes.safeParse(attrs);
}

/** Sources name the producer's identity: /city/350200, /gig/<market id>, /province. */
export const sourceOf = {
  city: (cityCode: string) => `/city/${cityCode}`,
  gig: (marketId: string) => `/gig/${marketId}`,
  province: () => "/province",
} as const;
