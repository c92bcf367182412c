import { FUJIAN_CITIES, parseTopic } from "@pes/schemas";

/** The city a record belongs to: from its CloudEvents source (/city/350200), else from its topic name. */
export function cityOf(source: string | undefined, topic: string | undefined): string | null {
  const fromSource = /^\/city\/(\d{6})$/.exec(source ?? "")?.[1];
  if (fromSource) return fromSource;
  return (topic && parseTopic(topic)?.city) || null;
}

export const cityName = (code: string | null) =>
  code ? ((FUJIAN_CITIES as Record<string, string>)[code] ?? null) : null;
