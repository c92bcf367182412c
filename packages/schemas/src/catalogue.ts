import type { TopicFamilyName } from "./definition.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export type Party = "city-node" | "province-hub" | "gig-market";

export interface TopicFamily {
  name: TopicFamilyName | "deadLetters";
  /** {city} is a GB/T 2260 city code, {market} a gig-market id. */
  pattern: string;
  description: string;
  partitions: number;
  retentionMs: number;
  minInsyncReplicas: number;
  producers: Party[];
  consumers: Party[];
  /** Who may read: "own" means a node or market reads only the topic with its own code in the name. */
  scope: "producer-owns" | "receiver-owns" | "shared";
  key: "person key" | "entity id" | "original key";
}

export const topicFamilies: Record<TopicFamily["name"], TopicFamily> = {
  cityPerson: {
    name: "cityPerson",
    pattern: "pes.city.{city}.person",
    description:
      "Person records of one city: registrations, key groups, services, trainings, ratings, in order per person",
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["city-node"],
    consumers: ["province-hub"],
    scope: "producer-owns",
    key: "person key",
  },
  cityMaster: {
    name: "cityMaster",
    pattern: "pes.city.{city}.master",
    description:
      "Records of one city that are not about a person: vacancies, enterprise layoff reports, its service network, declared indicator values",
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["city-node"],
    consumers: ["province-hub"],
    scope: "producer-owns",
    key: "entity id",
  },
  gigEvents: {
    name: "gigEvents",
    pattern: "pes.gig.{market}.events",
    description: "Gig postings and placements of one gig market, in order per person",
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["gig-market"],
    consumers: ["province-hub"],
    scope: "producer-owns",
    key: "person key",
  },
  cityReceipts: {
    name: "cityReceipts",
    pattern: "pes.city.{city}.receipts",
    description:
      "Receipts of one city node for the flow-back it applied or refused (record id, digest, outcome and why), in order with what they acknowledge",
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["city-node"],
    consumers: ["province-hub"],
    scope: "producer-owns",
    key: "original key",
  },
  gigReceipts: {
    name: "gigReceipts",
    pattern: "pes.gig.{market}.receipts",
    description:
      "Receipts of one gig market for the flow-back it applied or refused (record id, digest, outcome and why), in order with what they acknowledge",
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["gig-market"],
    consumers: ["province-hub"],
    scope: "producer-owns",
    key: "original key",
  },
  provinceVouchers: {
    name: "provinceVouchers",
    pattern: "pes.province.vouchers",
    description:
      "Employment voucher (就业券) events decided by the hub, the single authority: its own ledger; a market learns of the vouchers usable there by its flow-back",
    partitions: 6,
    retentionMs: 90 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["province-hub"],
    consumers: ["province-hub"],
    scope: "shared",
    key: "person key",
  },
  flowbackCity: {
    name: "flowbackCity",
    pattern: "pes.flowback.city.{city}",
    description:
      "数据回流 to one city node: status changes decided at the province, persons needing a service, vouchers, the city's records the province refused",
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["province-hub"],
    consumers: ["city-node"],
    scope: "receiver-owns",
    key: "person key",
  },
  flowbackGig: {
    name: "flowbackGig",
    pattern: "pes.flowback.gig.{market}",
    description:
      "数据回流 to one gig market: key-group persons of its area who need work, vouchers usable there",
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["province-hub"],
    consumers: ["gig-market"],
    scope: "receiver-owns",
    key: "person key",
  },
  deadLetters: {
    name: "deadLetters",
    pattern: "pes.dead-letters",
    description:
      "Records a consumer could not apply, with the reason in pes_dlq_* headers; browsed and replayed at the hub",
    partitions: 3,
    retentionMs: 90 * DAY_MS,
    minInsyncReplicas: 1,
    producers: ["city-node", "province-hub", "gig-market"],
    consumers: ["province-hub"],
    scope: "shared",
    key: "original key",
  },
};

/** Cities of Fujian (GB/T 2260); 平潭 350128 reports as its own unit. */
export const FUJIAN_CITIES = {
  "350100": "福州",
  "350128": "平潭综合实验区",
  "350200": "厦门",
  "350300": "莆田",
  "350400": "三明",
  "350500": "泉州",
  "350600": "漳州",
  "350700": "南平",
  "350800": "龙岩",
  "350900": "宁德",
} as const;
export type FujianCityCode = keyof typeof FUJIAN_CITIES;

const MARKET_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const CITY = /^\d{6}$/;

export function topicName(
  family: TopicFamily["name"],
  params: { city?: string; market?: string } = {},
): string {
  const { pattern } = topicFamilies[family];
  return pattern.replace(/\{(city|market)\}/g, (_, p: "city" | "market") => {
    const value = params[p];
    if (!value || !(p === "city" ? CITY : MARKET_ID).test(value)) {
      throw new Error(`topic ${pattern} needs a valid ${p}, got ${JSON.stringify(value)}`);
    }
    return value;
  });
}

export const topics = {
  cityPerson: (city: string) => topicName("cityPerson", { city }),
  cityMaster: (city: string) => topicName("cityMaster", { city }),
  gigEvents: (market: string) => topicName("gigEvents", { market }),
  cityReceipts: (city: string) => topicName("cityReceipts", { city }),
  gigReceipts: (market: string) => topicName("gigReceipts", { market }),
  provinceVouchers: () => topicName("provinceVouchers"),
  flowbackCity: (city: string) => topicName("flowbackCity", { city }),
  flowbackGig: (market: string) => topicName("flowbackGig", { market }),
  deadLetters: () => topicName("deadLetters"),
} as const;

/** Every concrete topic for a set of cities and markets: what `kafka provision` creates. */
export function concreteTopics(cities: readonly string[], markets: readonly string[]) {
  return Object.values(topicFamilies).flatMap((family) => {
    const needsCity = family.pattern.includes("{city}");
    const needsMarket = family.pattern.includes("{market}");
    const names = needsCity
      ? cities.map((city) => topicName(family.name, { city }))
      : needsMarket
        ? markets.map((market) => topicName(family.name, { market }))
        : [topicName(family.name)];
    return names.map((name) => ({ name, family }));
  });
}

/** Which family a concrete topic name belongs to, with its parameters. */
// Compiled once: every record written and read asks which family its topic is.
const FAMILY_PATTERNS = Object.values(topicFamilies).map((family) => ({
  family,
  re: new RegExp(
    `^${family.pattern.replace(/\./g, "\\.").replace("{city}", "(?<city>\\d{6})").replace("{market}", "(?<market>[a-z0-9-]+)")}$`,
  ),
}));

export function parseTopic(name: string) {
  for (const { family, re } of FAMILY_PATTERNS) {
    const m = re.exec(name);
    if (m) return { family, city: m.groups?.city, market: m.groups?.market };
  }
  return undefined;
}
