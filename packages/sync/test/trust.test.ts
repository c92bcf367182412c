import { canonicalRecord, sealHeaders, sm3Hex, TRUST_HEADERS } from "@pes/schemas";
import { describe, expect, it } from "vitest";
import {
  createTrust,
  generateSm2KeyPair,
  keyRingOf,
  type PartyKeys,
  type RegistryFile,
  readTrusted,
  registryOf,
  signBatch,
} from "../src/trust/index.js";
import { leafHash, merkleTree, rootOf } from "../src/trust/merkle.js";

const T0 = "2026-01-01T00:00:00.000Z";
function party(source: string, id: string): { keys: PartyKeys; registered: RegistryFile["keys"] } {
  const sig = generateSm2KeyPair();
  const enc = generateSm2KeyPair();
  return {
    keys: {
      source,
      keys: [
        { id: `${id}-sig`, use: "sig", alg: "SM2", ...sig, createdAt: T0 },
        { id: `${id}-enc`, use: "enc", alg: "SM2", ...enc, createdAt: T0 },
      ],
    },
    registered: [
      {
        id: `${id}-sig`,
        source,
        use: "sig",
        alg: "SM2",
        publicKey: sig.publicKey,
        notBefore: T0,
        notAfter: null,
        revokedAt: null,
      },
      {
        id: `${id}-enc`,
        source,
        use: "enc",
        alg: "SM2",
        publicKey: enc.publicKey,
        notBefore: T0,
        notAfter: null,
        revokedAt: null,
      },
    ],
  };
}

const city = party("/city/350200", "xm");
const fuzhou = party("/city/350100", "fz");
const hub = party("/province", "hub");
const registryFile: RegistryFile = {
  version: 1,
  keys: [...city.registered, ...fuzhou.registered, ...hub.registered],
};
const cityTrust = createTrust(city.keys, registryOf(registryFile));
const hubTrust = createTrust(hub.keys, registryOf(registryFile));
const TOPIC = "pes.city.350200.person";

/** A record as the outbox holds it and the relay sends it: sealed for the hub, then signed in a batch. */
function publish(trust = cityTrust, n = 3, source = "/city/350200") {
  const records = Array.from({ length: n }, (_, i) => {
    const attributes = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      source,
      type: "t",
      time: T0,
      subject: `s${i}`,
    };
    const { value, ...seal } = trust.sealer.seal(
      "/province",
      attributes.id,
      JSON.stringify({ n: i, name: "张三" }),
    );
    return { attributes, seal, value };
  });
  const sigs = signBatch(trust.ring, records);
  return records.map((r, i) => ({
    topic: TOPIC,
    value: Buffer.from(r.value),
    headers: {
      ce_id: r.attributes.id,
      ce_source: r.attributes.source,
      ce_type: "t",
      ce_specversion: "1.0",
      ce_time: T0,
      ce_subject: r.attributes.subject,
      "content-type": "application/json",
      ...sealHeaders(r.seal),
      ...sigs[i],
    } as Record<string, string>,
  }));
}

describe("the Merkle tree of a batch", () => {
  it("gives every leaf a proof to the root, for odd and even sizes, and a batch of one is its leaf", () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(`record ${i}`));
      const { root, proofs } = merkleTree(leaves);
      for (const [i, leaf] of leaves.entries()) expect(rootOf(leaf, proofs[i]!)).toEqual(root);
      expect(rootOf(leafHash("another"), proofs[0]!)).not.toEqual(root);
    }
    expect(merkleTree([leafHash("x")]).root).toEqual(leafHash("x"));
  });

  it("hashes leaves and nodes apart (RFC 6962), from SM3 itself", () => {
    const a = leafHash("a");
    expect(a.toString("hex")).toBe(sm3Hex(Buffer.concat([Buffer.from([0]), Buffer.from("a")])));
    const b = leafHash("b");
    expect(merkleTree([a, b]).root.toString("hex")).toBe(sm3Hex(Buffer.concat([Buffer.from([1]), a, b])));
  });
});

describe("a record sealed for the hub and signed by its city", () => {
  it("opens at the hub, verified, and carries nothing readable", () => {
    for (const m of publish()) {
      expect(m.value.toString()).not.toContain("张三");
      const read = readTrusted(hubTrust, m);
      expect(read).toMatchObject({ ok: true });
      expect(JSON.parse((read as { value: string }).value).name).toBe("张三");
    }
  });

  it("still finds an altered record of a batch whose other records were verified first", () => {
    const batch = publish(cityTrust, 9);
    for (const m of batch.slice(1)) expect(readTrusted(hubTrust, m)).toMatchObject({ ok: true });
    const first = batch[0]!;
    const altered = { ...first, headers: { ...first.headers, ce_subject: "someone-else" } };
    expect(readTrusted(hubTrust, altered)).toMatchObject({ ok: false, reason: "altered" });
    // Another record's proof with this record's content leads elsewhere too.
    const swapped = {
      ...first,
      headers: { ...first.headers, [TRUST_HEADERS.proof]: batch[1]!.headers[TRUST_HEADERS.proof]! },
    };
    expect(readTrusted(hubTrust, swapped)).toMatchObject({ ok: false, reason: "altered" });
    expect(readTrusted(hubTrust, first)).toMatchObject({ ok: true });
  });

  it("does not open anywhere else", () => {
    const [m] = publish();
    expect(readTrusted(createTrust(fuzhou.keys, registryOf(registryFile)), m!)).toMatchObject({
      ok: false,
      reason: "not-for-us",
    });
  });

  it("is refused altered, forged, unsigned, from an unknown or another's key, and from the wrong source", () => {
    const [m] = publish();
    const altered = {
      ...m!,
      value: Buffer.from(m!.value.toString().replace(/^./, (c) => (c === "A" ? "B" : "A"))),
    };
    expect(readTrusted(hubTrust, altered)).toMatchObject({ ok: false, reason: "altered" });
    const renamed = { ...m!, headers: { ...m!.headers, ce_subject: "other" } };
    expect(readTrusted(hubTrust, renamed)).toMatchObject({ ok: false, reason: "altered" });
    const forgedRoot = { ...m!, headers: { ...m!.headers, [TRUST_HEADERS.root]: "00".repeat(32) } };
    expect(readTrusted(hubTrust, forgedRoot)).toMatchObject({ ok: false, reason: "forged" });
    const { [TRUST_HEADERS.signature]: _, ...unsignedHeaders } = m!.headers;
    expect(readTrusted(hubTrust, { ...m!, headers: unsignedHeaders })).toMatchObject({
      ok: false,
      reason: "unsigned",
    });
    const unknown = { ...m!, headers: { ...m!.headers, [TRUST_HEADERS.keyId]: "nobody-sig" } };
    expect(readTrusted(hubTrust, unknown)).toMatchObject({ ok: false, reason: "unknown-signer" });
    // Fuzhou signs a record claiming to be Xiamen's: its key is not Xiamen's.
    const fuzhouKey = keyRingOf(fuzhou.keys).signingKey("/city/350100");
    const forger = {
      sources: () => ["/city/350200"],
      signingKey: () => fuzhouKey,
      decryptionKey: () => undefined,
    };
    const [asXiamen] = publish(createTrust(forger, registryOf(registryFile)), 1, "/city/350200");
    expect(readTrusted(hubTrust, asXiamen!)).toMatchObject({ ok: false, reason: "unknown-signer" });
    const [fromFuzhou] = publish(createTrust(fuzhou.keys, registryOf(registryFile)), 1, "/city/350100");
    expect(readTrusted(hubTrust, fromFuzhou!)).toMatchObject({ ok: false, reason: "wrong-source" });
  });

  it("is refused once its key is revoked, and while a rotation overlaps both keys hold", () => {
    const [m] = publish();
    const revoked = registryOf({
      version: 1,
      keys: registryFile.keys.map((k) =>
        k.id === "xm-sig" ? { ...k, revokedAt: "2025-12-31T00:00:00.000Z" } : k,
      ),
    });
    expect(readTrusted(createTrust(hub.keys, revoked), m!)).toMatchObject({
      ok: false,
      reason: "revoked-signer",
    });
    const later = registryOf({
      version: 1,
      keys: registryFile.keys.map((k) =>
        k.id === "xm-sig" ? { ...k, revokedAt: "2099-01-01T00:00:00.000Z" } : k,
      ),
    });
    expect(readTrusted(createTrust(hub.keys, later), m!)).toMatchObject({ ok: true });
  });

  it("names the canonical form's parts in order, the value by its SM3", () => {
    const line = canonicalRecord({ id: "i", source: "s", type: "t", time: "tm" }, {}, "v");
    expect(line).toBe(`pes-record-1\ni\ns\nt\ntm\n\n\n\n\n\n${sm3Hex("v")}`);
  });
});
