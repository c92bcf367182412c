import { concreteTopics, FUJIAN_CITIES } from "@pes/schemas";
import type { Admin } from "kafkajs";

export interface ProvisionOptions {
  cities?: readonly string[];
  markets?: readonly string[];
  replicationFactor?: number;
}

export const DEFAULT_MARKETS = ["fz-gulou", "xm-siming", "qz-jinjiang"];

/**
 * Creates every topic of the catalogue that is missing, with its partitions, retention and
 * min.insync.replicas, and brings the configs of existing ones in line. Safe to run again.
 */
export async function provisionTopics(admin: Admin, opts: ProvisionOptions = {}) {
  const cities = opts.cities ?? Object.keys(FUJIAN_CITIES);
  const markets = opts.markets ?? DEFAULT_MARKETS;
  const wanted = concreteTopics(cities, markets);
  const existing = new Set(await admin.listTopics());
  const configOf = (f: (typeof wanted)[number]["family"]) => [
    { name: "retention.ms", value: String(f.retentionMs) },
    { name: "min.insync.replicas", value: String(f.minInsyncReplicas) },
  ];
  const missing = wanted.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(({ name, family }) => ({
        topic: name,
        numPartitions: family.partitions,
        replicationFactor: opts.replicationFactor ?? 1,
        configEntries: configOf(family),
      })),
    });
  }
  const present = wanted.filter((t) => existing.has(t.name));
  if (present.length > 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: present.map(({ name, family }) => ({
        type: 2 /* TOPIC */,
        name,
        configEntries: configOf(family),
      })),
    });
  }
  return { created: missing.map((t) => t.name), updated: present.map((t) => t.name) };
}
