import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import { personKeyOf, topicFamilies } from "../src/index.js";
import { murmur2, partitionOf } from "./support/murmur2.js";

interface Vector {
  idNumber: string;
  secret: string;
  key: string;
  partitions: Record<string, number>;
}
const { vectors } = JSON.parse(
  readFileSync(new URL("../conformance/person-keys.json", import.meta.url), "utf8"),
) as { vectors: Vector[] };
const PARTITION_COUNTS = [...new Set(Object.values(topicFamilies).map((f) => f.partitions))];

/** kafkajs's default partitioner (Java-compatible murmur2), as the platform's producers use it. */
function kafkajsPartition(key: string, partitions: number): number {
  const partitioner = kafkajs.Partitioners.DefaultPartitioner();
  return partitioner({
    topic: "t",
    partitionMetadata: Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key, value: "" },
  });
}

describe("person key test vectors (conformance/person-keys.json)", () => {
  it("cover every partition count of the catalogue, and an ID number with a lower-case x", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(10);
    for (const v of vectors)
      expect(Object.keys(v.partitions).map(Number).sort()).toEqual(PARTITION_COUNTS.sort());
    expect(vectors.some((v) => v.idNumber.endsWith("x"))).toBe(true);
  });

  it("give the key personKeyOf computes: pk_ and base64url(HMAC-SM3(secret, ID upper-cased)) cut to 32", () => {
    for (const v of vectors) {
      expect(personKeyOf(v.idNumber, v.secret)).toBe(v.key);
      expect(v.key).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);
    }
  });

  it("give the partition the Java client's murmur2 computes, and so does kafkajs", () => {
    for (const v of vectors)
      for (const [count, partition] of Object.entries(v.partitions)) {
        expect(partitionOf(v.key, Number(count))).toBe(partition);
        expect(kafkajsPartition(v.key, Number(count))).toBe(partition);
      }
  });

  it("differ from librdkafka's default (consistent_random, CRC32): why its users must set murmur2_random", () => {
    const differ = vectors.filter((v) => (crc32(v.key) >>> 0) % 6 !== v.partitions["6"]);
    expect(differ.length).toBeGreaterThan(0);
  });
});

describe("the independent murmur2", () => {
  it("gives the Java client's values (Kafka's UtilsTest)", () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(murmur2(bytes("21"))).toBe(-973932308);
    expect(murmur2(bytes("foobar"))).toBe(-790332482);
    expect(murmur2(bytes("a-little-bit-long-string"))).toBe(-985981536);
    expect(murmur2(bytes("a-little-bit-longer-string"))).toBe(-1486304829);
    expect(murmur2(bytes("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"))).toBe(-58897971);
    expect(murmur2(bytes("abc"))).toBe(479470107);
  });
});
