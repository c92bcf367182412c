import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sealAndSign } from "../src/testing/index.js";
import {
  ensurePartyKeys,
  readRegistry,
  readTrusted,
  revokePartyKeys,
  rotatePartyKeys,
  type Trust,
  trustFromEnv,
} from "../src/trust/index.js";

const dir = mkdtempSync(join(tmpdir(), "pes-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const XIAMEN = { kind: "city", city: "350200" } as const;
const HUB = { kind: "hub" } as const;
/** A service's trust as it loads it: KAFKA_CREDENTIALS names its folder; keys.json in it, registry.json beside it. */
const trustOf = (principal: string) => trustFromEnv({ KAFKA_CREDENTIALS: join(dir, principal) });

let n = 0;
function recordFrom(city: Trust) {
  const id = `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  const headers = {
    ce_id: id,
    ce_source: "/city/350200",
    ce_type: "t",
    ce_specversion: "1.0",
    ce_time: new Date().toISOString(),
    "content-type": "application/json",
  };
  const [m] = sealAndSign(city, "/province", [{ value: "{}", headers }]);
  return { topic: "pes.city.350200.person", value: Buffer.from(m!.value), headers: m!.headers };
}

describe("a node's keys over their life (pnpm pki / pnpm enrol)", () => {
  it("are made once, private to their owner, and registered for everyone", () => {
    const first = ensurePartyKeys(dir, "city-350200", XIAMEN);
    ensurePartyKeys(dir, "province-hub", HUB);
    expect(ensurePartyKeys(dir, "city-350200", XIAMEN)).toEqual(first);
    expect(statSync(join(dir, "city-350200", "keys.json")).mode & 0o077).toBe(0);
    const registry = readRegistry(dir);
    expect(
      registry.keys
        .filter((k) => k.source === "/city/350200")
        .map((k) => k.use)
        .sort(),
    ).toEqual(["enc", "sig"]);
    expect(readFileSync(join(dir, "registry.json"), "utf8")).not.toContain(first.keys[0]!.privateKey);
    expect(readTrusted(trustOf("province-hub"), recordFrom(trustOf("city-350200")))).toMatchObject({
      ok: true,
    });
  });

  it("rotate: old and new keys both hold during the overlap, the old one signs nothing after it", () => {
    const before = trustOf("city-350200");
    const now = new Date();
    rotatePartyKeys(dir, "city-350200", XIAMEN, 7, now);
    const after = trustOf("city-350200");
    const hub = trustOf("province-hub");
    expect(readTrusted(hub, recordFrom(before))).toMatchObject({ ok: true });
    expect(readTrusted(hub, recordFrom(after))).toMatchObject({ ok: true });
    const old = readRegistry(dir).keys.find((k) => k.id === before.ring.signingKey("/city/350200")!.id)!;
    expect(Date.parse(old.notAfter!)).toBe(now.getTime() + 7 * 86_400_000);
    // A record sealed for the hub's old encryption key still opens after the hub rotates.
    const sealedForOld = recordFrom(after);
    rotatePartyKeys(dir, "province-hub", HUB, 0, new Date());
    expect(readTrusted(trustOf("province-hub"), sealedForOld)).toMatchObject({ ok: true });
  });

  it("a running reader knows a key rotated in a moment ago, before its next periodic look at the file", () => {
    const hub = trustOf("province-hub");
    // The hub has just looked at the registry: its next periodic look is 2 s away.
    expect(readTrusted(hub, recordFrom(trustOf("city-350200")))).toMatchObject({ ok: true });
    rotatePartyKeys(dir, "city-350200", XIAMEN, 7, new Date());
    expect(readTrusted(hub, recordFrom(trustOf("city-350200")))).toMatchObject({ ok: true });
  });

  it("revoke: from then on every record of the node is refused", () => {
    const city = trustOf("city-350200");
    expect(revokePartyKeys(dir, XIAMEN)).toBeGreaterThanOrEqual(2);
    expect(readTrusted(trustOf("province-hub"), recordFrom(city))).toMatchObject({
      ok: false,
      reason: "revoked-signer",
    });
  });
});
