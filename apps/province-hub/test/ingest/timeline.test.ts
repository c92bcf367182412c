import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorHeaders, person, type TestHub, testApp, unemployment } from "../support/index.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await testApp("hubtimeline");
});
afterAll(async () => {
  await hub?.close();
});

describe("a person's provincial timeline", () => {
  it("shows the records of every city in time order, the conflicts resolved, and masked personal data only", async () => {
    const who = person();
    await hub.ingest(unemployment("350200", who, "2025-03-03"));
    await hub.ingest(unemployment("350500", who, "2025-06-02"));
    const app = hub.app;
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
