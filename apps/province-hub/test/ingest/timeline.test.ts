import { createKafkaProbe } from "@pes/http";
import { TEST_BROKERS } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { operatorHeaders } from "../support/operators.js";
import { cipherKey, hubDatabase, person, SECRET, unemployment } from "./support.js";

type Hub = Awaited<ReturnType<typeof hubDatabase>>;
let hub: Hub;
const kafka = createKafkaProbe({ clientId: "timeline-test", brokers: TEST_BROKERS });
beforeAll(async () => {
  hub = await hubDatabase("hubtimeline");
});
afterAll(async () => {
  await kafka.close();
  await hub?.close();
});

describe("a person's provincial timeline", () => {
  it("shows the records of every city in time order, the conflicts resolved, and masked personal data only", async () => {
    const who = person();
    await hub.ingest(unemployment("350200", who, "2025-03-03"));
    await hub.ingest(unemployment("350500", who, "2025-06-02"));
    const app = createApp({ config: { personKeySecret: SECRET, piiKey: cipherKey }, db: hub.db, kafka });
    const res = await app.request(`/v1/persons/${who.key}/timeline`, {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      person: { idNumber: string; name: string; cities: string[] };
      entries: { cityCode: string; summary: Record<string, unknown> }[];
      conflicts: { kind: string; closeCity: string }[];
    };
    expect(body.person).toMatchObject({
      idNumber: `${who.idNumber.slice(0, 4)}**********${who.idNumber.slice(-4)}`,
      name: "陈*",
      cities: ["350200", "350500"],
    });
    expect(body.entries.map((e) => [e.cityCode, e.summary.appliedOn])).toEqual([
      ["350200", "2025-03-03"],
      ["350500", "2025-06-02"],
    ]);
    expect(body.conflicts).toEqual([
      expect.objectContaining({ kind: "two-open-registrations", closeCity: "350200" }),
    ]);
    expect(JSON.stringify(body)).not.toContain(who.idNumber);
    expect(
      (
        await app.request(`/v1/persons/pk_${"x".repeat(32)}/timeline`, {
          headers: await operatorHeaders(hub.db, "viewer"),
        })
      ).status,
    ).toBe(404);
  });
});
