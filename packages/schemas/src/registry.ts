import { CE_TYPE_PREFIX, type DefinedRecord } from "./definition.js";
import { allRecords } from "./records/index.js";
import { personalPaths } from "./records/personal.js";

/** Every version of every record, by CloudEvents type: a consumer decodes any version it knows. */
const byType = new Map<string, DefinedRecord>(allRecords.map((r) => [r.ceType, r]));
const namesKnown = new Set(allRecords.map((r) => r.name));

export function recordByType(ceType: string): DefinedRecord | undefined {
  return byType.get(ceType);
}

/** "cn.gov.fj.pes.unemployment-registration.v9" → { name, version } when it has the contract's shape. */
export function parseCeType(ceType: string): { name: string; version: number } | undefined {
  if (!ceType.startsWith(CE_TYPE_PREFIX)) return undefined;
  const m = /^(?<name>[a-z0-9-]+)\.v(?<version>\d+)$/.exec(ceType.slice(CE_TYPE_PREFIX.length));
  if (!m?.groups) return undefined;
  return { name: m.groups.name!, version: Number(m.groups.version) };
}

export function isKnownRecordName(name: string): boolean {
  return namesKnown.has(name);
}

/** A version of a record, or without one its current version: what a producer publishes. */
export function recordByName(name: string, version?: number): DefinedRecord | undefined {
  const matches = allRecords.filter(
    (r) => r.name === name && (version === undefined || r.version === version),
  );
  return matches.sort((a, b) => b.version - a.version)[0];
}

const pathsByName = new Map<string, readonly string[]>();

/** Where a record type holds personal data, over all its versions (personalPaths); [] for a name not known. */
export function personalPathsOf(name: string): readonly string[] {
  let paths = pathsByName.get(name);
  if (!paths) {
    const versions = allRecords.filter((r) => r.name === name);
    paths = [...new Set(versions.flatMap((r) => personalPaths(r.schema)))];
    pathsByName.set(name, paths);
  }
  return paths;
}
