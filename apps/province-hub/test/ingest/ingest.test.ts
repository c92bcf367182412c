import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { RejectedRecordError } from "@pes/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromCity, person, type TestDatabase, testDatabase, unemployment } from "../support/index.js";

let hub: TestDatabase;
beforeAll(async () => {
  hub = await testDatabase("hubingest");
});
afterAll(async () => hub?.close());

/** The closure instructions the hub wrote about a registration, oldest first (opened). */
const instructionsFor = async (registrationId: string) =>
  (await hub.outbox(sql`headers->>'ce_type' like '%registration-closure-instruction%'`)).filter(
    (r) => r.data.registrationId === registrationId,
  );

describe("the provincial database (一库)", () => {
  it("keeps the newest revision of a record; a late or repeated older one changes nothing", async () => {
    const who = person();
    const first = unemployment("350200", who, "2025-03-03", { state: "applied", registeredOn: undefined });
    const id = (first.data as { id: string }).id;
    const second = unemployment("350200", who, "2025-03-03", { id, revision: 2 });
    await hub.ingest(second);
    await hub.ingest(first); // arrives late
    await hub.ingest(second); // and twice
    const [row] = await hub.query<{ revision: number; state: string }>(
      `select revision, data->>'state' as state from hub_records where record_id = '${id}'`,
    );
    expect(row).toEqual({ revision: 2, state: "registered" });
  });

  it("applies a chunk as one transaction: each record's newest revision, each person merged once", async () => {
    const who = person();
    const other = person();
    const applied = unemployment("350200", who, "2025-04-01", { state: "applied", registeredOn: undefined });
    const id = (applied.data as { id: string }).id;
    const registered = unemployment("350200", who, "2025-04-01", { id, revision: 2 });
    const services = [who, other, who].map((p) =>
      fromCity("350200", "service-record", { id: randomUUID(), person: p }),
    );
    // Revision 2 before 1 in the same chunk, and the chunk delivered twice.
    await hub.ingestChunk([registered, ...services, applied]);
    await hub.ingestChunk([applied, registered]);
    const rows = await hub.query<{ revision: number; state: string }>(
      `select revision, data->>'state' as state from hub_records where record_id = '${id}'`,
    );
    expect(rows).toEqual([{ revision: 2, state: "registered" }]);
    const persons = await hub.query<{ person_key: string; records: number }>(
      `select p.person_key, (select count(*)::int from hub_records r where r.person_key = p.person_key) as records
       from hub_persons p where p.person_key in ('${who.key}', '${other.key}') order by records`,
    );
    expect(persons).toEqual([
      { person_key: other.key, records: 1 },
      { person_key: who.key, records: 3 },
    ]);
  });

  it("merges a person across cities, with the ID number and name encrypted and never in a record", async () => {
    const who = person();
    await hub.ingest(fromCity("350200", "service-record", { id: randomUUID(), person: who }));
    await hub.ingest(fromCity("350500", "service-record", { id: randomUUID(), person: who }));
    const [merged] = await hub.query<{ cities: string[]; clear: number }>(
      `select cities, (select count(*)::int from hub_persons p where p::text like '%${who.idNumber}%' or p::text like '%陈明%') as clear from hub_persons where person_key = '${who.key}'`,
    );
    expect(merged).toEqual({ cities: ["350200", "350500"], clear: 0 });
    const [leak] = await hub.query<{ n: number }>(
      `select count(*)::int as n from hub_records r where r::text like '%${who.idNumber}%'`,
    );
    expect(leak!.n).toBe(0);
    const timeline = await hub.query<{ city_code: string }>(
      `select city_code from hub_records where person_key = '${who.key}' order by event_time`,
    );
    expect(timeline.map((t) => t.city_code)).toEqual(["350200", "350500"]);
  });

  it("keeps a person's birth date from the ID number when the record sends none, and fills one missing", async () => {
    const who = person("2003-11-30");
    const bare = { idNumber: who.idNumber, name: who.name, key: who.key };
    await hub.ingest(fromCity("350200", "service-record", { id: randomUUID(), person: bare }));
    await hub.query(`update hub_persons set birth_date = null where person_key = '${who.key}'`);
    await hub.ingest(fromCity("350500", "service-record", { id: randomUUID(), person: bare }));
    const [row] = await hub.query<{ birth: string }>(
      `select birth_date::text as birth from hub_persons where person_key = '${who.key}'`,
    );
    expect(row).toEqual({ birth: "2003-11-30" });
  });

  it("refuses a node publishing as another, a record of another city on a city's topic, and a forged person key", async () => {
    const who = person();
    const spoofed = fromCity(
      "350200",
      "service-record",
      { id: randomUUID(), person: who },
      { source: "/city/350500" },
    );
    await expect(hub.ingest(spoofed)).rejects.toThrow(RejectedRecordError);
    const misplaced = fromCity(
      "350500",
      "service-record",
      { id: randomUUID(), person: who },
      { topic: "pes.city.350200.person", source: "/city/350200" },
    );
    await expect(hub.ingest(misplaced)).rejects.toThrow(/city 350500/);
    const forged = fromCity("350200", "service-record", {
      id: randomUUID(),
      person: { ...who, key: person().key },
    });
    await expect(hub.ingest(forged)).rejects.toThrow(/person key/);
  });

  it("refuses a gig market publishing on another market's topic, or a record of another market on its own", async () => {
    const gig = (marketId: string, opts: { source: string; topic: string }) =>
      fromCity("350200", "gig-posting", { id: randomUUID(), marketId, districtCode: "350203" }, opts);
    await hub.ingest(
      gig("xm-siming-gig", { source: "/gig/xm-siming-gig", topic: topics.gigEvents("xm-siming-gig") }),
    );
    const spoofed = gig("xm-huli-gig", {
      source: "/gig/xm-huli-gig",
      topic: topics.gigEvents("xm-siming-gig"),
    });
    await expect(hub.ingest(spoofed)).rejects.toThrow(
      /source \/gig\/xm-huli-gig may not publish on pes\.gig\.xm-siming-gig\.events/,
    );
    const misplaced = gig("xm-huli-gig", {
      source: "/gig/xm-siming-gig",
      topic: topics.gigEvents("xm-siming-gig"),
    });
    await expect(hub.ingest(misplaced)).rejects.toThrow(/market xm-huli-gig/);
    // Nor on the retired shared topic: the hub does not read it.
    const shared = gig("xm-siming-gig", { source: "/gig/xm-siming-gig", topic: "pes.gig.events" });
    await expect(hub.ingest(shared)).rejects.toThrow(/does not ingest pes\.gig\.events/);
  });

  it("refuses a declared value out of its indicator's bounds, as POST /v1/declarations does, and keeps none", async () => {
    const declared = (indicatorCode: string, value: number) =>
      fromCity(
        "350200",
        "declared-indicator-value",
        { id: randomUUID(), indicatorCode, period: "2025", value },
        { topic: "pes.city.350200.master" },
      );
    await expect(hub.ingest(declared("budget_execution_rate", 130))).rejects.toThrow(/at most 100/);
    await expect(hub.ingest(declared("labor_brands", -2))).rejects.toThrow(/negative/);
    await expect(hub.ingest(declared("labor_brands", 2.5))).rejects.toThrow(/whole number/);
    await hub.ingest(declared("reemployment_target", 12_500.5));
    const kept = await hub.query<{ code: string }>(
      "select data->>'indicatorCode' as code from hub_records where type = 'declared-indicator-value'",
    );
    expect(kept).toEqual([{ code: "reemployment_target" }]);
  });
});

describe("conflicts between cities (BRIEF §3)", () => {
  it("closes the older of two open registrations in two cities, once, by an instruction to its city", async () => {
    const who = person();
    const xiamen = unemployment("350200", who, "2025-03-03");
    const quanzhou = unemployment("350500", who, "2025-05-10");
    await hub.ingest(xiamen);
    await hub.ingest(quanzhou);
    await hub.ingest(quanzhou); // redelivered
    const xiamenId = (xiamen.data as { id: string }).id;
    const sent = await instructionsFor(xiamenId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe("pes.flowback.city.350200");
    // Sealed for the city it goes to: the outbox row holds only ciphertext.
    expect(sent[0]!.sealedFor).toBe("/city/350200");
    expect(sent[0]!.data).toMatchObject({
      cityCode: "350200",
      reason: "registered-elsewhere",
      person: { key: who.key },
      evidence: { cityCode: "350500", recordType: "unemployment-registration", effectiveOn: "2025-05-10" },
    });
    expect(await instructionsFor((quanzhou.data as { id: string }).id)).toHaveLength(0);
  });

  it("closes the late-arriving registration when it is the older one", async () => {
    const who = person();
    const newer = unemployment("350500", who, "2025-06-01");
    const older = unemployment("350100", who, "2025-01-15");
    await hub.ingest(newer);
    await hub.ingest(older);
    const sent = await instructionsFor((older.data as { id: string }).id);
    expect(sent.map((s) => s.topic)).toEqual(["pes.flowback.city.350100"]);
  });

  it("closes a registration in one city when the person is employed in another", async () => {
    const who = person();
    const registered = unemployment("350200", who, "2025-03-03");
    await hub.ingest(registered);
    await hub.ingest(
      fromCity("350100", "employment-registration", {
        id: randomUUID(),
        person: who,
        startedOn: "2025-07-01",
        registeredOn: "2025-07-02",
      }),
    );
    const sent = await instructionsFor((registered.data as { id: string }).id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({
      reason: "employed-elsewhere",
      evidence: { cityCode: "350100", effectiveOn: "2025-07-01" },
    });
  });

  it("sends nothing for a registration already closed, or for two in the same city", async () => {
    const who = person();
    const first = unemployment("350200", who, "2025-03-03");
    const firstId = (first.data as { id: string }).id;
    await hub.ingest(first);
    await hub.ingest(
      unemployment("350200", who, "2025-03-03", {
        id: firstId,
        revision: 2,
        state: "closed",
        closedOn: "2025-04-01",
        closeReason: "moved-away",
      }),
    );
    await hub.ingest(unemployment("350500", who, "2025-05-10"));
    expect(await instructionsFor(firstId)).toHaveLength(0);
  });
});
