import { randomUUID } from "node:crypto";
import { decodeEvent, encodeEvent, recordByName, sourceOf } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import type { IncomingEvent } from "@pes/sync";
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
