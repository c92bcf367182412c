import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Every address a host name resolves to, as getaddrinfo gives them (the hosts file first, then DNS). */
export type ResolveAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: ResolveAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Where webhooks may go. Always a public internet address: never loopback, link-local (cloud metadata
 * at 169.254.169.254), private, carrier-grade NAT (Alibaba Cloud's metadata at 100.100.100.200),
 * unique-local, IPv4-mapped or -compatible IPv6, unspecified, multicast or reserved — by the URL's own
 * address or by every address its host name resolves to. Outside production `allowHosts` (from
 * PES_WEBHOOK_ALLOW_HOSTS) names the hosts (or host:port) that may be reached anyway, plain http too.
 */
export interface WebhookTargetPolicy {
  production: boolean;
  /** Normalised `host` or `host:port` entries (see allowHostEntry); empty in production. */
  allowHosts: readonly string[];
  /** Default: the system resolver. Tests give their own, so that nothing leaves this machine. */
  resolve?: ResolveAll;
}

export const NOT_PUBLIC =
  "must point at a public internet address (not this machine, a private network or cloud metadata)";

/** Names that are internal whatever they resolve to (and single-label names, which the search domains complete). */
const INTERNAL_NAMES = new Set(["localhost", "metadata", "metadata.google.internal", "instance-data"]);
const INTERNAL_SUFFIXES = [".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".arpa"];

/** A URL's host as compared: lower case, no IPv6 brackets, no trailing dots (`localhost.` is `localhost`). */
export function normalHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.+$/, "");
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

/** Why an IP address is not a public one, or undefined (ipaddr.js's range: only "unicast" is public). */
export function addressProblem(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return "is not an IP address";
  const ip = ipaddr.parse(address);
  // ::a.b.c.d (IPv4-compatible, deprecated) is not one of ipaddr.js's ranges: ::7f00:1 would be "unicast".
  if (ip.kind() === "ipv6" && ip.match(IPV4_COMPATIBLE)) return "is ipv4Compatible";
  const range = ip.range();
  return range === "unicast" ? undefined : `is ${range}`;
}

/** Why a host name (not an IP) is internal by its name alone, or undefined. */
export function hostNameProblem(hostname: string): string | undefined {
  const host = normalHost(hostname);
  if (!host.includes(".")) return "is a single-label name";
  if (INTERNAL_NAMES.has(host) || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return "is internal";
  return undefined;
}

/**
 * An allow-list entry as the policy compares it, from `host` or `host:port` (IPv6 in brackets); throws
 * on anything else (a path, a scheme, credentials).
 */
export function allowHostEntry(entry: string): string {
  const url = new URL(`http://${entry.trim()}`);
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash || !url.hostname)
    throw new Error(`"${entry}" is not a host or host:port`);
  const host = normalHost(url.hostname);
  const shown = host.includes(":") ? `[${host}]` : host;
  return url.port ? `${shown}:${url.port}` : shown;
}

function allowListed(url: URL, policy: WebhookTargetPolicy): boolean {
  if (policy.production || policy.allowHosts.length === 0) return false;
  const host = normalHost(url.hostname);
  const shown = host.includes(":") ? `[${host}]` : host;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return policy.allowHosts.includes(shown) || policy.allowHosts.includes(`${shown}:${port}`);
}

/**
 * Why a webhook URL is refused by its text alone, or undefined: https only (plain http only to an
 * allow-listed host outside production), never credentials in the URL (they would be stored and
 * shown back in clear), never an address or a name that is not public unless allow-listed.
 * Resolution comes on top (vetWebhookTarget).
 */
export function webhookUrlProblem(text: string, policy: WebhookTargetPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  if (allowListed(url, policy)) return undefined;
  if (url.protocol === "http:")
    return policy.production
      ? "must be https"
      : "must be https (plain http only to a host of PES_WEBHOOK_ALLOW_HOSTS outside production)";
  const host = normalHost(url.hostname);
  if (ipaddr.isValid(host) ? addressProblem(host) : hostNameProblem(host)) return NOT_PUBLIC;
  return undefined;
}

export type VettedTarget =
  | { ok: true; url: URL; address: string; family: 4 | 6 }
  | { ok: false; problem: string };

/**
 * Checks a webhook URL and resolves its host once: every address it resolves to must be public
 * (unless the host is allow-listed). The address returned is the one to connect to — pinned, so a
 * name that resolves elsewhere a moment later (DNS rebinding) changes nothing. A name that does not
 * resolve is refused with the same words as a private one (no oracle of internal names).
 */
export async function vetWebhookTarget(text: string, policy: WebhookTargetPolicy): Promise<VettedTarget> {
  const problem = webhookUrlProblem(text, policy);
  if (problem) return { ok: false, problem };
  const url = new URL(text);
  const host = normalHost(url.hostname);
  const listed = allowListed(url, policy);
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      addresses = [];
    }
  }
  const first = addresses[0];
  if (!first) return { ok: false, problem: NOT_PUBLIC };
  if (!listed && addresses.some((a) => addressProblem(a.address))) return { ok: false, problem: NOT_PUBLIC };
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
