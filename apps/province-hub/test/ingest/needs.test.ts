import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gigMarketsExtension } from "../../src/use-cases/flowback/markets.js";
import { needsFlowbackExtension } from "../../src/use-cases/flowback/needs.js";
import {
  cipher,
  fromCity,
  person,
  TEST_TRUST,
  type TestDatabase,
  testDatabase,
  unemployment,
} from "../support/index.js";

let hub: TestDatabase;
beforeAll(async () => {
  hub = await testDatabase("hubneeds", [
    gigMarketsExtension,
    needsFlowbackExtension({ cipher, sealer: TEST_TRUST.sealer }),
  ]);
});
afterAll(async () => hub?.close());

/** The notices of one type the hub wrote for a person, oldest first, with their topic (opened). */
const outboxed = async (type: string, personKey: string) =>
  (await hub.outbox(sql`headers->>'ce_type' like ${`%${type}%`}`))
    // biome-ignore lint/suspicious/noExplicitAny: the tests read the notices' fields as they expect them
    .map((n): any => ({ topic: n.topic, ...n.data }))
    .filter((n) => n.person.key === personKey);
const noticesFor = (personKey: string) => outboxed("service-needed-notice", personKey);

const service = (who: ReturnType<typeof person>, serviceType: string, servedAt = "2025-03-10T02:00:00Z") =>
  fromCity("350200", "service-record", { id: randomUUID(), person: who, serviceType, servedAt });
/** The 131 parts still owed after career guidance: three job recommendations and an internship. */
const restOf131 = async (who: ReturnType<typeof person>) => {
  for (const t of ["job-recommendation", "job-recommendation", "job-recommendation", "internship-placement"])
    await hub.ingest(service(who, t));
};

describe("flow-back of persons who still need a service (数据回流)", () => {
  it("tells the person's city what of the 131 is owed, again only when it changes, and resolved when met", async () => {
    const who = person();
    await hub.ingest(unemployment("350200", who, "2025-03-03", { districtCode: "350206" }));
    let notices = await noticesFor(who.key);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      topic: "pes.flowback.city.350200",
      status: "open",
      revision: 1,
      reasons: ["131-shortfall"],
      shortfall131: { careerGuidance: 1, jobRecommendations: 3, trainingOrInternship: 1 },
      areaCode: "350206",
    });

    await hub.ingest(service(who, "career-guidance"));
    await hub.ingest(service(who, "policy-consultation")); // counts for nothing: no new notice
    await hub.ingest(service(who, "job-recommendation", "2025-02-01T02:00:00Z")); // before registration: counts for nothing
    notices = await noticesFor(who.key);
    expect(notices.map((n) => n.revision)).toEqual([1, 2]);
    expect(notices[1]).toMatchObject({
      shortfall131: { careerGuidance: 0, jobRecommendations: 3, trainingOrInternship: 1 },
    });
    expect(new Set(notices.map((n) => n.id)).size).toBe(1); // one notice, revised

    await restOf131(who);
    const last = (await noticesFor(who.key)).at(-1);
    expect(last).toMatchObject({ status: "resolved", reasons: ["131-shortfall"] });
  });

  it("sends nothing about a person who needs nothing, and carries no more than the task needs", async () => {
    const who = person();
    await hub.ingest(service(who, "career-guidance"));
    expect(await noticesFor(who.key)).toEqual([]);
    const other = person();
    await hub.ingest(unemployment("350200", other, "2025-03-03"));
    const [notice] = await noticesFor(other.key);
    expect(Object.keys(notice!).sort()).toEqual(
      [
        "areaCode",
        "cityCode",
        "id",
        "keyGroups",
        "noticedAt",
        "person",
        "reasons",
        "recordedAt",
        "revision",
        "shortfall131",
        "status",
        "topic",
      ].sort(),
    );
  });

  it("names an unemployed graduate nobody has contacted one-to-one, until staff contact them", async () => {
    const who = person("2002-06-01");
    const ledger = fromCity("350200", "key-group-membership", {
      id: randomUUID(),
      person: who,
      group: "college-graduate",
      startedOn: "2025-07-01",
      graduatedOn: "2025-06-30",
      districtCode: "350211",
    });
    await hub.ingest(ledger);
    let notices = await noticesFor(who.key);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      topic: "pes.flowback.city.350200",
      status: "open",
      reasons: ["graduate-without-contact"],
      keyGroups: ["college-graduate"],
      areaCode: "350211",
    });
    // An online policy answer is no one-to-one contact; career guidance at the desk is.
    await hub.ingest(
      fromCity("350200", "service-record", {
        id: randomUUID(),
        person: who,
        serviceType: "policy-consultation",
        channel: "online",
        servedAt: "2025-07-05T02:00:00Z",
      }),
    );
    expect(await noticesFor(who.key)).toHaveLength(1);
    await hub.ingest(
      fromCity("350200", "service-record", {
        id: randomUUID(),
        person: who,
        serviceType: "career-guidance",
        channel: "desk",
        servedAt: "2025-07-08T02:00:00Z",
      }),
    );
    notices = await noticesFor(who.key);
    expect(notices.at(-1)).toMatchObject({
      status: "resolved",
      reasons: ["graduate-without-contact"],
      revision: 2,
    });
  });

  it("tells the gig markets of the person's district, and only them, with the person masked", async () => {
    const posting = (marketId: string, cityCode: string, districtCode: string) =>
      hub.ingest(
        fromCity(
          cityCode,
          "gig-posting",
          { id: randomUUID(), marketId, districtCode, locationCode: districtCode },
          { source: `/gig/${marketId}`, topic: topics.gigEvents(marketId) },
        ),
      );
    await posting("xm-huli-gig", "350200", "350206");
    await posting("xm-siming-gig", "350200", "350203");
    await posting("qz-jinjiang-gig", "350500", "350582");
    const who = person();
    await hub.ingest(unemployment("350200", who, "2025-03-03", { districtCode: "350206" }));
    const forMarkets = () => outboxed("work-needed-notice", who.key);
    const [notice, ...others] = await forMarkets();
    expect(others).toEqual([]);
    expect(notice).toMatchObject({
      topic: "pes.flowback.gig.xm-huli-gig",
      marketId: "xm-huli-gig",
      status: "open",
      reasons: ["131-shortfall"],
      areaCode: "350206",
      contactMobile: "13812341234",
      person: { key: who.key, nameMasked: "陈*" },
    });
    expect(notice.person.idNumberMasked).toMatch(/^3502\*{10}/);
    expect(JSON.stringify(notice)).not.toContain(who.idNumber);
    expect(JSON.stringify(notice)).not.toContain(who.name);

    // A 131 part delivered changes nothing a market sees; the need met resolves it there too.
    await hub.ingest(service(who, "career-guidance"));
    expect(await forMarkets()).toHaveLength(1);
    await restOf131(who);
    const last = (await forMarkets()).at(-1);
    expect(last).toMatchObject({ topic: "pes.flowback.gig.xm-huli-gig", status: "resolved", revision: 2 });
    expect(last).not.toHaveProperty("contactMobile");
  });
});
