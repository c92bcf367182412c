import { concreteTopics, FUJIAN_CITIES, parseTopic } from "@pes/schemas";
import type { Admin, ITopicConfig } from "kafkajs";
import { applyNodeAcls, type NodeIdentity } from "./acls.js";

const SETTLING = new Set(["UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE"]);

/**
 * Creates topics and returns once every partition has a leader. kafkajs' own waitForLeaders retries
 * only LEADER_NOT_AVAILABLE, but a busy KRaft broker also answers UNKNOWN_TOPIC_OR_PARTITION for a
 * topic it has just created (kafkajs#815): both mean "not yet" here, until the deadline.
 */
export async function createTopicsWithLeaders(
  admin: Admin,
  topics: ITopicConfig[],
  timeoutMs = 60_000,
): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      const led = meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (led && meta.length === names.length) return;
    } catch (error) {
      if (!SETTLING.has((error as { type?: string }).type ?? "")) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics without leaders after ${timeoutMs} ms: ${names.join(", ")}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

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
    await createTopicsWithLeaders(
      admin,
      missing.map(({ name, family }) => ({
        topic: name,
        numPartitions: family.partitions,
        replicationFactor: opts.replicationFactor ?? 1,
        configEntries: configOf(family),
      })),
    );
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

/**
 * For a relay: creates the catalogue topics among `names` that do not exist yet, such as the
 * flow-back topic of a gig market the hub has just learned of, or the hub's voucher topic on a
 * broker nobody provisioned; each name is checked once.
 */
export function topicEnsurer(admin: Admin): (names: readonly string[]) => Promise<void> {
  const ensured = new Set<string>();
  return async (names) => {
    const unchecked = names.filter((n) => !ensured.has(n));
    if (unchecked.length === 0) return;
    const existing = new Set(await admin.listTopics());
    const missing = unchecked
      .flatMap((n) => (existing.has(n) ? [] : [parseTopic(n)]))
      .filter((t) => t !== undefined);
    const cities = [...new Set(missing.flatMap((t) => (t.city ? [t.city] : [])))];
    const markets = [...new Set(missing.flatMap((t) => (t.market ? [t.market] : [])))];
    // A missing fixed topic (pes.province.vouchers, pes.dead-letters) has no city or market in its
    // name; provisioning with the missing cities and markets creates it too.
    if (missing.length > 0) await provisionTopics(admin, { cities, markets });
    for (const n of unchecked) ensured.add(n);
  };
}

/**
 * The ACLs of the hub, each city and each market, derived from the catalogue (aclsFor), made exact on
 * the broker (needs a super user: pes-admin). Safe to run again.
 */
export async function provisionAcls(admin: Admin, opts: Pick<ProvisionOptions, "cities" | "markets"> = {}) {
  const nodes: NodeIdentity[] = [
    { kind: "hub" },
    ...(opts.cities ?? Object.keys(FUJIAN_CITIES)).map((city) => ({ kind: "city", city }) as const),
    ...(opts.markets ?? DEFAULT_MARKETS).map((market) => ({ kind: "gig", market }) as const),
  ];
  let created = 0;
  let deleted = 0;
  for (const node of nodes) {
    const r = await applyNodeAcls(admin, node);
    created += r.created;
    deleted += r.deleted;
  }
  return { principals: nodes.length, created, deleted };
}
