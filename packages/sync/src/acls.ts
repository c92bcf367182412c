import { type Party, type TopicFamily, topicFamilies } from "@pes/schemas";
import kafkajs, { type AclEntry, type Admin } from "kafkajs";

// kafkajs is CommonJS; its ACL enums are not found by Node's named-export detection.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/**
 * The broker's ACLs, derived from the topic catalogue (@pes/schemas): who produces and who consumes
 * each family, and whose code is in its name. Deny by default (allow.everyone.if.no.acl.found=false):
 * a principal may do only what its bindings allow.
 */
export type NodeIdentity = { kind: "city"; city: string } | { kind: "gig"; market: string } | { kind: "hub" };

export interface AclBinding {
  principal: string;
  resourceType: "TOPIC" | "GROUP" | "CLUSTER";
  resourceName: string;
  patternType: "LITERAL" | "PREFIXED";
  operation: "READ" | "WRITE" | "DESCRIBE" | "DELETE" | "IDEMPOTENT_WRITE" | "ALL";
  permission: "ALLOW" | "DENY";
}

export const cityPrincipal = (city: string) => `city-${city}`;
export const marketPrincipal = (market: string) => `gig-${market}`;
export const HUB = "province-hub";

/** The principal (certificate CN) of a node. */
export function principalName(node: NodeIdentity): string {
  return node.kind === "city"
    ? cityPrincipal(node.city)
    : node.kind === "gig"
      ? marketPrincipal(node.market)
      : HUB;
}

/** The consumer-group prefix a node may use: its service's default group (<service>[-<code>]) and any longer name. */
export function groupPrefix(node: NodeIdentity): string {
  return node.kind === "city"
    ? `city-node-${node.city}`
    : node.kind === "gig"
      ? `gig-market-${node.market}`
      : HUB;
}

const PARTY: Record<NodeIdentity["kind"], Party> = {
  city: "city-node",
  gig: "gig-market",
  hub: "province-hub",
};

/** The topic resource of `family` for `node`: its own literal topic, or (for the hub) every one of the family. */
function topicResource(
  family: TopicFamily,
  node: NodeIdentity,
): Pick<AclBinding, "resourceName" | "patternType"> {
  const placeholder = /\{(city|market)\}/.exec(family.pattern)?.[1];
  if (!placeholder) return { resourceName: family.pattern, patternType: "LITERAL" };
  if (node.kind === "hub") {
    return { resourceName: family.pattern.slice(0, family.pattern.indexOf("{")), patternType: "PREFIXED" };
  }
  const own = node.kind === "city" ? { city: node.city } : { market: node.market };
  const value = (own as Record<string, string | undefined>)[placeholder];
  if (!value) {
    throw new Error(`${family.pattern}: a ${node.kind} has no ${placeholder} of its own to be named by`);
  }
  return { resourceName: family.pattern.replace(`{${placeholder}}`, value), patternType: "LITERAL" };
}

/**
 * Every ALLOW binding of `node`: WRITE+DESCRIBE on the topics of the families it produces, READ+DESCRIBE
 * on those it consumes (its own topic where the family is per city or market; the hub every one, by
 * prefix), READ on its consumer groups, IDEMPOTENT_WRITE on the cluster if it produces (the idempotent
 * producer). The hub also deletes its own groups (the dead-letter browser's one-off groups), and
 * writes the ingest topics it reads: a replayed dead letter goes back onto its origin topic.
 */
export function aclsFor(
  node: NodeIdentity,
  families: readonly TopicFamily[] = Object.values(topicFamilies),
): AclBinding[] {
  const principal = `User:${principalName(node)}`;
  const party = PARTY[node.kind];
  const out: AclBinding[] = [];
  const add = (b: Omit<AclBinding, "principal" | "permission">) => {
    const binding: AclBinding = { principal, permission: "ALLOW", ...b };
    if (!out.some((o) => JSON.stringify(o) === JSON.stringify(binding))) out.push(binding);
  };
  let produces = false;
  for (const family of families) {
    // The hub replays a dead letter onto its origin topic (POST /v1/dead-letters/…/replay), so it
    // writes every topic it consumes, the dead letters themselves aside.
    const replays = node.kind === "hub" && family.consumers.includes(party) && family.name !== "deadLetters";
    const writes = family.producers.includes(party) || replays;
    const reads = family.consumers.includes(party);
    if (!writes && !reads) continue;
    const resource = topicResource(family, node);
    if (writes) {
      produces = true;
      add({ resourceType: "TOPIC", ...resource, operation: "WRITE" });
    }
    if (reads) add({ resourceType: "TOPIC", ...resource, operation: "READ" });
    add({ resourceType: "TOPIC", ...resource, operation: "DESCRIBE" });
  }
  const group = { resourceType: "GROUP", resourceName: groupPrefix(node), patternType: "PREFIXED" } as const;
  add({ ...group, operation: "READ" });
  add({ ...group, operation: "DESCRIBE" });
  if (node.kind === "hub") add({ ...group, operation: "DELETE" });
  if (produces) {
    add({
      resourceType: "CLUSTER",
      resourceName: "kafka-cluster",
      patternType: "LITERAL",
      operation: "IDEMPOTENT_WRITE",
    });
  }
  return out;
}

/** Revocation: whatever ALLOWs remain (a forgotten one, or one added later), these DENYs win. */
export function denyAll(principal: string): AclBinding[] {
  const base = {
    principal: `User:${principal}`,
    operation: "ALL",
    permission: "DENY",
    patternType: "LITERAL",
  } as const;
  return [
    { ...base, resourceType: "TOPIC", resourceName: "*" },
    { ...base, resourceType: "GROUP", resourceName: "*" },
    { ...base, resourceType: "CLUSTER", resourceName: "kafka-cluster" },
  ];
}

/** The node a principal name stands for, or undefined (pes-admin, broker, anything else). */
export function nodeOf(principal: string): NodeIdentity | undefined {
  if (principal === HUB) return { kind: "hub" };
  const city = /^city-(\d{6})$/.exec(principal);
  if (city) return { kind: "city", city: city[1]! };
  const market = /^gig-([a-z0-9][a-z0-9-]{1,62})$/.exec(principal);
  if (market) return { kind: "gig", market: market[1]! };
  return undefined;
}

const toEntry = (b: AclBinding): AclEntry => ({
  principal: b.principal,
  host: "*",
  resourceType: AclResourceTypes[b.resourceType],
  resourceName: b.resourceName,
  resourcePatternType: ResourcePatternTypes[b.patternType],
  operation: AclOperationTypes[b.operation],
  permissionType: AclPermissionTypes[b.permission],
});

const keyOf = (e: Omit<AclEntry, "host">) =>
  [e.principal, e.resourceType, e.resourceName, e.resourcePatternType, e.operation, e.permissionType].join(
    "|",
  );

async function currentAcls(admin: Admin, principal: string): Promise<AclEntry[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return resources.flatMap((r) =>
    r.acls.map((a) => ({
      ...a,
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      resourcePatternType: r.resourcePatternType,
    })),
  );
}

function filterOf(e: AclEntry) {
  return {
    resourceType: e.resourceType,
    resourceName: e.resourceName,
    resourcePatternType: e.resourcePatternType,
    principal: e.principal,
    host: e.host,
    operation: e.operation,
    permissionType: e.permissionType,
  };
}

/**
 * Makes the broker's ACLs of `principal` exactly `bindings`: creates what is missing first, then deletes
 * what is no longer wanted (a running node never loses a permission it keeps). Idempotent.
 */
export async function applyAcls(admin: Admin, principal: string, bindings: readonly AclBinding[]) {
  const who = `User:${principal}`;
  const want = bindings.map(toEntry);
  const have = await currentAcls(admin, who);
  const haveKeys = new Set(have.map(keyOf));
  const wantKeys = new Set(want.map(keyOf));
  const missing = want.filter((e) => !haveKeys.has(keyOf(e)));
  const extra = have.filter((e) => !wantKeys.has(keyOf(e)));
  if (missing.length > 0) await admin.createAcls({ acl: missing });
  if (extra.length > 0) await admin.deleteAcls({ filters: extra.map(filterOf) });
  if (missing.length > 0 || extra.length > 0) await untilBrokerHolds(admin, who, wantKeys);
  return { created: missing.length, deleted: extra.length };
}

/**
 * The controller commits ACLs before the broker's authorizer replays them: a node started at once was
 * refused (CLUSTER_AUTHORIZATION_FAILED under load). DescribeAcls answers from the broker's authorizer,
 * so wait until it shows exactly what was asked.
 */
async function untilBrokerHolds(admin: Admin, who: string, wantKeys: Set<string>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const have = new Set((await currentAcls(admin, who)).map(keyOf));
    if (have.size === wantKeys.size && [...wantKeys].every((k) => have.has(k))) return;
    if (Date.now() > deadline)
      throw new Error(`the broker did not apply the ACLs of ${who} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A node's ACLs, as derived from the catalogue (aclsFor). */
export function applyNodeAcls(admin: Admin, node: NodeIdentity) {
  return applyAcls(admin, principalName(node), aclsFor(node));
}

/** Revokes `principal`: every ALLOW removed, a DENY on every topic, group and the cluster. */
export function revokeAcls(admin: Admin, principal: string) {
  return applyAcls(admin, principal, denyAll(principal));
}
