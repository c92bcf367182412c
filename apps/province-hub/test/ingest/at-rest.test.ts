import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { isSealed, openRecord } from "@pes/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealHubRecordsAtRest } from "../../src/db/seal-at-rest.js";
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

// Issue 15 #2: what the hub keeps of a record holds no personal data in clear.

let hub: TestDatabase;
beforeAll(async () => {
  hub = await testDatabase("hubatrest", [
    gigMarketsExtension,
    needsFlowbackExtension({ cipher, sealer: TEST_TRUST.sealer }),
  ]);
});
afterAll(async () => hub?.close());

/** The tables (every one, the outbox too: ADR 0006 seals its records) holding one of `values` in clear. */
async function clearIn(values: string[]): Promise<string[]> {
  const tables = await hub.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = await hub.query<{ t: string }>(`select t::text as t from "${name}" t`);
    for (const v of values) if (rows.some((r) => r.t.includes(v))) found.push(`${name}: ${v}`);
  }
  return found;
}
const workNeeded = async (personKey: string) =>
  (
    await hub.query<{ n: number }>(
      `select count(*)::int as n from pes_outbox where headers->>'ce_type' like '%work-needed-notice%'
        and message_key = '${personKey}'`,
    )
  )[0]!.n;

const sampleEmployer = (sampleRecord("vacancy-registration") as { employer: object }).employer;

describe("personal data in the records the hub keeps", () => {
  it("keeps a record's mobiles, phones, contact names and members' ID numbers and names sealed, the rest as sent", async () => {
    const who = person("1988-05-05", { name: "欧阳明珠" });
    const spouse = person("1989-06-06", { name: "上官明月" });
    const events = [
      fromCity("350200", "job-seeker-registration", {
        id: randomUUID(),
        person: who,
        contactMobile: "13955550001",
      }),
      fromCity("350200", "zero-employment-family", {
        id: randomUUID(),
        person: who,
        members: [
          {
            person: who,
            relation: "head",
            workingAge: true,
            unemployed: true,
            ableAndWilling: true,
            fixedIncome: false,
          },
          {
            person: spouse,
            relation: "spouse",
            workingAge: true,
            unemployed: true,
            ableAndWilling: true,
            fixedIncome: false,
          },
        ],
      }),
      fromCity("350200", "vacancy-registration", {
        id: randomUUID(),
        employer: { ...sampleEmployer, contactName: "诸葛经理", contactPhone: "0592-5550002" },
      }),
      fromCity(
        "350200",
        "gig-posting",
        { id: randomUUID(), marketId: "xm-siming-gig", districtCode: "350203", contactPhone: "13955550003" },
        { source: "/gig/xm-siming-gig", topic: topics.gigEvents("xm-siming-gig") },
      ),
    ];
    for (const e of events) await hub.ingest(e);
    const values = [
      who.idNumber,
      who.name,
      spouse.idNumber,
      spouse.name,
      "13955550001",
      "诸葛经理",
      "0592-5550002",
      "13955550003",
    ];
    expect(await clearIn(values)).toEqual([]);

    const kept = await hub.query<{ type: string; data: Record<string, unknown> }>(
      `select type, data from hub_records where record_id in (${events.map((e) => `'${(e.data as { id: string }).id}'`).join(",")})`,
    );
    expect(kept).toHaveLength(events.length);
    for (const row of kept) {
      const sent = events.find((e) => e.definition.name === row.type)!.data as Record<string, unknown>;
      const { person: _person, ...rest } = sent;
      // Opened, each is the record as sent but its person (kept by key, in hub_persons).
      expect(openRecord(cipher, row.type, row.data)).toEqual(JSON.parse(JSON.stringify(rest)));
    }
    const jobSeeker = kept.find((r) => r.type === "job-seeker-registration")!;
    expect(isSealed(jobSeeker.data.contactMobile)).toBe(true);
    expect(jobSeeker.data.state).toBe("active");
  });

  it("tells a market of a changed mobile, and not of the same one again, keeping no mobile in clear", async () => {
    await hub.ingest(
      fromCity(
        "350200",
        "gig-posting",
        { id: randomUUID(), marketId: "xm-huli-gig", districtCode: "350206" },
        { source: "/gig/xm-huli-gig", topic: topics.gigEvents("xm-huli-gig") },
      ),
    );
    const who = person();
    const id = randomUUID();
    const registration = (revision: number, contactMobile: string) =>
      unemployment("350200", who, "2025-03-03", { id, revision, districtCode: "350206", contactMobile });
    // A 131 part delivered: the city is told again, a market only if what it sees changed.
    const served = (serviceType: string) =>
      hub.ingest(
        fromCity("350200", "service-record", {
          id: randomUUID(),
          person: who,
          serviceType,
          servedAt: "2025-03-10T02:00:00Z",
        }),
      );
    await hub.ingest(registration(1, "13955550004"));
    expect(await workNeeded(who.key)).toBe(1);
    await served("career-guidance");
    expect(await workNeeded(who.key)).toBe(1);
    await hub.ingest(registration(2, "13955550005"));
    await served("job-recommendation");
    expect(await workNeeded(who.key)).toBe(2);
    expect(await clearIn(["13955550004", "13955550005", who.idNumber, who.name])).toEqual([]);
  });

  it("seals, once, what hub_records kept in clear before (the seal-at-rest one-off)", async () => {
    const who = person();
    const event = fromCity("350200", "job-seeker-registration", {
      id: randomUUID(),
      person: who,
      contactMobile: "13955550006",
    });
    await hub.ingest(event);
    const id = (event.data as { id: string }).id;
    // As a hub before issue 15 #2 stored it.
    await hub.query(
      `update hub_records set data = jsonb_set(data, '{contactMobile}', '"13955550006"') where record_id = '${id}'`,
    );
    expect(await clearIn(["13955550006"])).toEqual(["hub_records: 13955550006"]);
    expect(await sealHubRecordsAtRest(hub.db.db, cipher)).toBe(1);
    expect(await clearIn(["13955550006"])).toEqual([]);
    const [kept] = await hub.query<{ data: Record<string, unknown> }>(
      `select data from hub_records where record_id = '${id}'`,
    );
    expect(openRecord(cipher, "job-seeker-registration", kept!.data).contactMobile).toBe("13955550006");
    expect(await sealHubRecordsAtRest(hub.db.db, cipher)).toBe(0);
  });
});
