import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorExtension, indicatorTable } from "../../src/use-cases/indicators/store.js";
import { fromCity, person, type TestDatabase, testDatabase, unemployment } from "../support/index.js";

let hub: TestDatabase;
beforeAll(async () => {
  hub = await testDatabase("hubindicatoringest", [indicatorExtension()]);
});
afterAll(async () => {
  await hub?.close();
});

describe("the engine behind the ingest handler", () => {
  it("counts contract records as the consumer stores them, and a ledger line arriving after the service", async () => {
    const a = person("2001-05-04");
    const service = fromCity("350200", "service-record", {
      id: randomUUID(),
      person: a,
      serviceType: "career-guidance",
      channel: "desk",
      servedAt: "2025-05-06T02:00:00Z",
    });
    await hub.ingest(unemployment("350200", a, "2025-05-02"));
    await hub.ingest(service);
    await hub.ingest(service); // again
    const table = async () =>
      Object.fromEntries(
        (
          await indicatorTable(
            { db: hub.db.db },
            { scope: { level: "city", cityCode: "350200" }, period: "2025-05" },
          )
        ).map((r) => [r.code, r.numerator]),
      );
    expect(await table()).toMatchObject({
      registered_unemployed_service_visits: 1,
      graduate_service_visits: 0,
    });
    await hub.ingest(
      fromCity("350200", "key-group-membership", {
        id: randomUUID(),
        person: a,
        group: "college-graduate",
        startedOn: "2025-05-01",
        graduatedOn: "2025-05-01",
        source: "education-department",
      }),
    );
    expect(await table()).toMatchObject({
      registered_unemployed_service_visits: 1,
      graduate_service_visits: 1,
      registered_unemployed: 1,
      one_on_one_contact_rate: 1,
    });
  });

  it("applies v1 and v2 of a record alike, under its name; only v2 says 政策经办 or registered online", async () => {
    const a = person("1995-02-03");
    const b = person("1996-02-03");
    const at = (day: string) => `2025-06-${day}T02:00:00Z`;
    const service = (who: typeof a, serviceType: string, servedAt: string, version?: number) =>
      fromCity(
        "350200",
        "service-record",
        { id: randomUUID(), person: who, serviceType, channel: "online", servedAt },
        { version },
      );
    const events = [
      // Already on the topic before v2: an online 推荐岗位 counts towards the one-stop jobs visits.
      service(a, "job-recommendation", at("02"), 1),
      service(a, "policy-handling", at("03")),
      service(b, "job-application", at("04")),
      fromCity(
        "350200",
        "job-seeker-registration",
        { id: randomUUID(), person: a, registeredOn: "2025-06-05", validUntil: undefined, channel: "online" },
        { version: 1 }, // v1 has no channel: dropped at the boundary, not counted
      ),
      fromCity("350200", "job-seeker-registration", {
        id: randomUUID(),
        person: b,
        registeredOn: "2025-06-06",
        validUntil: undefined,
        channel: "online",
      }),
      fromCity(
        "350200",
        "vacancy-registration",
        { id: randomUUID(), registeredOn: "2025-06-07", channel: "online" },
        { topic: "pes.city.350200.master" },
      ),
    ];
    expect(events.map((e) => e.attributes.type.replace("cn.gov.fj.pes.", ""))).toEqual([
      "service-record.v1",
      "service-record.v2",
      "service-record.v2",
      "job-seeker-registration.v1",
      "job-seeker-registration.v2",
      "vacancy-registration.v2",
    ]);
    for (const event of events) await hub.ingest(event);

    const ids = events.map((e) => `'${(e.data as { id: string }).id}'`).join(", ");
    const stored = await hub.query<{ type: string; n: number }>(
      `select type, count(*)::int as n from hub_records where record_id in (${ids}) group by type order by type`,
    );
    expect(stored).toEqual([
      { type: "job-seeker-registration", n: 2 },
      { type: "service-record", n: 3 },
      { type: "vacancy-registration", n: 1 },
    ]);
    const table = Object.fromEntries(
      (
        await indicatorTable(
          { db: hub.db.db },
          { scope: { level: "city", cityCode: "350200" }, period: "2025-06" },
        )
      ).map((r) => [r.code, r.numerator]),
    );
    // 政策经办 online; 推荐岗位 (v1) + 求职申请 online + the v2 job seeker and vacancy registered online.
    expect(table).toMatchObject({ one_stop_policy_visits: 1, one_stop_jobs_visits: 4 });
  });
});
