import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorExtension, indicatorTable } from "../../src/indicators/store.js";
import { fromCity, hubDatabase, person, unemployment } from "../ingest/support.js";

let hub: Awaited<ReturnType<typeof hubDatabase>>;
beforeAll(async () => {
  hub = await hubDatabase("hubindicatoringest", [indicatorExtension()]);
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
          await indicatorTable(hub.db.db, { scope: { level: "city", cityCode: "350200" }, period: "2025-05" })
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
});
