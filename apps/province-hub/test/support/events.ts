import { randomUUID } from "node:crypto";
import { decodeEvent, encodeEvent, recordByName, sourceOf, toKafkaHeaders } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import type { IncomingEvent, KeyRing } from "@pes/sync";
import { sealAndSign, testTrust } from "@pes/sync/testing";
import type { Person } from "./person.js";

/**
 * An event as it would arrive from `cityCode`'s node on its person topic (the current version unless
 * told): the contract's sample record of `name`, with `overrides`.
 */
export function fromCity(
  cityCode: string,
  name: string,
  overrides: Record<string, unknown>,
  opts: { source?: string; topic?: string; version?: number } = {},
): IncomingEvent {
  const definition = recordByName(name, opts.version)!;
  const data = { ...sampleRecord(name), cityCode, districtCode: undefined, ...overrides };
  const encoded = encodeEvent(definition, data, { source: opts.source ?? sourceOf.city(cityCode) });
  const decoded = decodeEvent(encoded.headers, encoded.value);
  if (!decoded.ok) throw new Error(`fixture invalid: ${decoded.failure.fieldPath} ${decoded.failure.detail}`);
  return {
    ...decoded.event,
    topic: opts.topic ?? `pes.city.${cityCode}.person`,
    partition: 0,
    offset: "0",
    key: encoded.key,
  };
}

/** A registered unemployment registration of `who` at `cityCode`, applied and registered on `appliedOn`. */
export function unemployment(
  cityCode: string,
  who: Person,
  appliedOn: string,
  extra: Record<string, unknown> = {},
) {
  return fromCity(cityCode, "unemployment-registration", {
    id: randomUUID(),
    person: who,
    state: "registered",
    appliedOn,
    dueBy: appliedOn,
    registeredOn: appliedOn,
    servicePointId: "sp-1",
    ...extra,
  });
}

/** A record as it travels on a topic: its Kafka key, headers and value (the sealed value, base64). */
export interface PublishedMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * Events (fromCity, unemployment…) as their producers' relays publish them for the hub: sealed for
 * the province and signed, one batch per source, each with its source's test keys (docs/adr/0006).
 * `signedBy` signs them all with that party's key instead, whatever source they claim: a forgery.
 */
export function published(
  events: readonly IncomingEvent[],
  opts: { signedBy?: string } = {},
): PublishedMessage[] {
  const messages = events.map((e) => ({
    key: e.key,
    value: JSON.stringify(e.data),
    headers: toKafkaHeaders(e.attributes),
  }));
  if (opts.signedBy) {
    const signer = testTrust(opts.signedBy);
    const ring: KeyRing = { ...signer.ring, signingKey: () => signer.ring.signingKey(opts.signedBy!) };
    return sealAndSign({ sealer: signer.sealer, ring }, sourceOf.province(), messages);
  }
  const sources = [...new Set(events.map((e) => e.attributes.source))];
  return sources.flatMap((source) =>
    sealAndSign(
      testTrust(source),
      sourceOf.province(),
      messages.filter((_, i) => events[i]!.attributes.source === source),
    ),
  );
}
