import { describe, expect, it } from "vitest";
import { type AclBinding, aclsFor, denyAll, nodeOf } from "../src/acls.js";

const show = (bs: AclBinding[]) =>
  bs
    .map(
      (b) =>
        `${b.permission} ${b.operation} ${b.resourceType}:${b.patternType === "PREFIXED" ? `${b.resourceName}*` : b.resourceName}`,
    )
    .sort();

describe("ACLs derived from the topic catalogue", () => {
  it("a city writes only its own topics and dead letters, reads only its own flow-back, in its own groups", () => {
    const acls = aclsFor({ kind: "city", city: "350200" });
    expect(new Set(acls.map((a) => a.principal))).toEqual(new Set(["User:city-350200"]));
    expect(show(acls)).toEqual(
      [
        "ALLOW WRITE TOPIC:pes.city.350200.person",
        "ALLOW DESCRIBE TOPIC:pes.city.350200.person",
        "ALLOW WRITE TOPIC:pes.city.350200.master",
        "ALLOW DESCRIBE TOPIC:pes.city.350200.master",
        "ALLOW WRITE TOPIC:pes.city.350200.receipts",
        "ALLOW DESCRIBE TOPIC:pes.city.350200.receipts",
        "ALLOW READ TOPIC:pes.flowback.city.350200",
        "ALLOW DESCRIBE TOPIC:pes.flowback.city.350200",
        "ALLOW WRITE TOPIC:pes.dead-letters",
        "ALLOW DESCRIBE TOPIC:pes.dead-letters",
        "ALLOW READ GROUP:city-node-350200*",
        "ALLOW DESCRIBE GROUP:city-node-350200*",
        "ALLOW IDEMPOTENT_WRITE CLUSTER:kafka-cluster",
      ].sort(),
    );
  });

  it("nothing but the hub reads a person topic, and only by being the catalogue's consumer", () => {
    const readers = [
      { kind: "city", city: "350100" },
      { kind: "gig", market: "xm-siming" },
    ] as const;
    // A node or market reads its own flow-back only: not another's records, nor the hub's voucher ledger.
    for (const node of readers) {
      const reads = aclsFor(node).filter((a) => a.operation === "READ" && a.resourceType === "TOPIC");
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((a) => a.resourceName.startsWith("pes.flowback."))).toBe(true);
    }
    expect(show(aclsFor({ kind: "hub" })).filter((s) => s.includes("READ TOPIC"))).toContain(
      "ALLOW READ TOPIC:pes.city.*",
    );
  });

  it("a gig market writes only its own events and dead letters, and reads only its own flow-back, in its own groups", () => {
    const acls = aclsFor({ kind: "gig", market: "xm-siming" });
    expect(new Set(acls.map((a) => a.principal))).toEqual(new Set(["User:gig-xm-siming"]));
    expect(show(acls)).toEqual(
      [
        "ALLOW WRITE TOPIC:pes.gig.xm-siming.events",
        "ALLOW DESCRIBE TOPIC:pes.gig.xm-siming.events",
        "ALLOW WRITE TOPIC:pes.gig.xm-siming.receipts",
        "ALLOW DESCRIBE TOPIC:pes.gig.xm-siming.receipts",
        "ALLOW READ TOPIC:pes.flowback.gig.xm-siming",
        "ALLOW DESCRIBE TOPIC:pes.flowback.gig.xm-siming",
        "ALLOW WRITE TOPIC:pes.dead-letters",
        "ALLOW DESCRIBE TOPIC:pes.dead-letters",
        "ALLOW READ GROUP:gig-market-xm-siming*",
        "ALLOW DESCRIBE GROUP:gig-market-xm-siming*",
        "ALLOW IDEMPOTENT_WRITE CLUSTER:kafka-cluster",
      ].sort(),
    );
  });

  it("the hub reads every ingest topic and the dead letters, writes flow-back and province topics, by prefix, and manages its own groups", () => {
    const acls = show(aclsFor({ kind: "hub" }));
    for (const s of [
      "ALLOW READ TOPIC:pes.city.*",
      "ALLOW READ TOPIC:pes.gig.*",
      "ALLOW READ TOPIC:pes.province.vouchers",
      "ALLOW READ TOPIC:pes.dead-letters",
      "ALLOW WRITE TOPIC:pes.flowback.city.*",
      "ALLOW WRITE TOPIC:pes.flowback.gig.*",
      "ALLOW WRITE TOPIC:pes.province.vouchers",
      "ALLOW READ GROUP:province-hub*",
      "ALLOW DELETE GROUP:province-hub*",
    ])
      expect(acls).toContain(s);
    expect(acls.some((s) => s.includes("CREATE"))).toBe(false);
    // Replaying a dead letter puts it back on its origin topic: the hub writes what it reads.
    expect(acls).toContain("ALLOW WRITE TOPIC:pes.city.*");
    expect(acls).toContain("ALLOW WRITE TOPIC:pes.gig.*");
    expect(acls.some((s) => s.includes("READ TOPIC:pes.flowback."))).toBe(false);
  });

  it("revocation is DENY ALL on every topic, group and the cluster; principals name their node", () => {
    expect(show(denyAll("city-350200"))).toEqual(
      ["DENY ALL TOPIC:*", "DENY ALL GROUP:*", "DENY ALL CLUSTER:kafka-cluster"].sort(),
    );
    expect(nodeOf("city-350200")).toEqual({ kind: "city", city: "350200" });
    expect(nodeOf("gig-xm-siming")).toEqual({ kind: "gig", market: "xm-siming" });
    expect(nodeOf("province-hub")).toEqual({ kind: "hub" });
    expect(nodeOf("pes-admin")).toBeUndefined();
  });
});
