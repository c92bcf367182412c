import { randomInt, randomUUID } from "node:crypto";
import { chinaToday } from "@pes/core";
import { makeCreditCode, topics } from "@pes/schemas";
import { createKafka, rowsOf } from "@pes/sync";
import { openDatabase } from "@pes/sync/db";
import { TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearValuesIn,
  endOffsets,
  rawRecordsSince,
  segmentFiles,
  uniqueBirthDate,
  uniqueLandline,
  uniqueMobile,
  uniqueName,
  valuesInFiles,
} from "./support/at-rest.js";
import { type CityNodeProcess, cityNodeProcess } from "./support/city-node.js";
import { person } from "./support/person.js";
import { type Call, caller, ok, startPlatform } from "./support/platform.js";

/**
 * Issue 15 #2, at rest: persons with ID numbers, names and phones of this run only go through a real
 * city node, the hub, the flow-back to the node and a gig market (a need, a voucher, a placement); then
 * no table of any service database holds one of those values in clear, nor any outbox or the city's
 * topics on the broker (records sealed when written to the outbox, ADR 0006).
 */

const CITY = "350200";
const POINT = "sp-at-rest";
const POLICY = `at-rest-${randomUUID().slice(0, 8)}`;
const today = () => chinaToday();

type Someone = ReturnType<typeof person> & { phone: string };

let platform: Awaited<ReturnType<typeof startPlatform>>;
let city: CityNodeProcess;
let desk: Call;
let market: string;
let runStart: Awaited<ReturnType<typeof endOffsets>>;
/** A: registered unemployed and a graduate, holds a voucher, placed at the market. */
let A: Someone;
/** B: a job seeker. C and D: a zero-employment family. */
let B: Someone;
let C: Someone;
let D: Someone;
const contact = { name: uniqueName("欧阳"), phone: uniqueLandline() };
const postingPhone = uniqueMobile();

const values = () => [
  ...[A, B, C, D].flatMap((p) => [p.idNumber, p.name, p.phone]),
  contact.name,
  contact.phone,
  postingPhone,
];
const CITY_TOPICS = [topics.cityPerson(CITY), topics.cityMaster(CITY), topics.flowbackCity(CITY)];

function someone(secret: string, surname: string): Someone {
  const p = person(randomInt(1000), { birthDate: uniqueBirthDate(), name: uniqueName(surname), secret });
  return { ...p, phone: uniqueMobile() };
}

const at = (p: Someone, extra: Record<string, unknown> = {}) => ({
  idNumber: p.idNumber,
  name: p.name,
  phone: p.phone,
  divisionCode: "350203001001",
  ...extra,
});

async function rows<T>(url: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const handle = await openDatabase({ url, poolSize: 1 });
  try {
    return rowsOf<T>(await handle.db.execute(query));
  } finally {
    await handle.close();
  }
}

const hubUrl = () => platform.hub.env.DATABASE_URL!;
const marketUrl = () => platform.market.env.DATABASE_URL!;

beforeAll(async () => {
  platform = await startPlatform(600);
  const secret = platform.secret;
  [A, B, C, D] = [
    someone(secret, "司马"),
    someone(secret, "诸葛"),
    someone(secret, "上官"),
    someone(secret, "上官"),
  ];
  market = platform.marketId("siming");
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: "at-rest-offsets" }).admin();
  await admin.connect();
  runStart = await endOffsets(admin, CITY_TOPICS).finally(() => admin.disconnect());
  city = await cityNodeProcess({
    cityCode: CITY,
    label: "atrestcity",
    personKeySecret: secret,
    consumerGroup: `at-rest-city-${randomUUID()}`,
    adminName: "静态加密测试",
    listenTimeoutMs: 90_000,
  });
  desk = caller(city.base, city.adminToken);
  const hub = platform.hubAdmin;
  const gig = platform.gig;

  // The hub learns the market's area from its posting; the posting's contact phone is personal data.
  const posting = await ok(
    "posting",
    gig("POST", "/v1/postings", {
      employer: { name: "厦门鹭岛家政服务有限公司" },
      title: "家政保洁（日结）",
      headcount: 2,
      pay: { amountFen: 20_000, per: "day" },
      workFrom: today(),
      workUntil: today(),
      locationCode: "350203001",
      address: "厦门市思明区某小区",
      contactPhone: postingPhone,
    }),
  );
  await waitFor(
    async () =>
      (await ok("markets", hub("GET", `/v1/gig-markets?city=${CITY}`))).items.some(
        (m: { marketId: string }) => m.marketId === market,
      ),
    { timeoutMs: 90_000, what: "the hub to know the market" },
  );
  await ok(
    "provider",
    hub("POST", "/v1/voucher-providers", {
      id: market,
      name: market,
      kind: "gig-market",
      gatewayIds: [platform.gatewayId],
      settlementAccount: { bankName: "厦门银行", accountName: market, accountNumber: "6222021234567890" },
    }),
  );
  await ok(
    "policy",
    hub("POST", "/v1/voucher-policies", {
      id: POLICY,
      name: "零工介绍就业券",
      serviceKind: "gig-work-introduction",
      amountFen: 20_000,
      eligibleGroups: ["college-graduate"],
      eligibleProviders: [market],
      issueFrom: "2026-01-01",
      issueUntil: "2030-12-31",
      validDays: 90,
    }),
  );

  // The city's desk: a registration, a graduate's ledger line, a job seeker, a family, a vacancy.
  await ok(
    "service point",
    desk("PUT", "/v1/service-points", { id: POINT, name: POINT, kind: "public", divisionCode: "350203001" }),
  );
  const applied = await ok(
    "A applies",
    desk("POST", "/v1/unemployment-registrations", {
      person: at(A),
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: POINT,
      appliedOn: today(),
    }),
  );
  await ok(
    "A registered",
    desk("POST", `/v1/unemployment-registrations/${applied.id}/register`, { registeredOn: today() }),
  );
  await ok(
    "A a graduate",
    desk("POST", "/v1/key-group-memberships", {
      person: at(A),
      group: "college-graduate",
      startedOn: today(),
      source: "education-department",
      graduatedOn: "2025-07-01",
      servicePointId: POINT,
    }),
  );
  await ok(
    "B seeks a job",
    desk("POST", "/v1/job-seeker-registrations", {
      person: at(B),
      education: "bachelor",
      yearsOfExperience: 3,
      category: "unemployed",
      residenceAddress: "思明区某街道某社区1号",
      wishes: { occupations: ["文员"], monthlyPayMinFen: 500_000, shift: "day" },
      servicePointId: POINT,
    }),
  );
  const member = (p: Someone, relation: string) => ({
    person: { idNumber: p.idNumber, name: p.name },
    relation,
    ableAndWilling: true,
    fixedIncome: false,
  });
  await ok(
    "C's family",
    desk("POST", "/v1/zero-employment-families", {
      person: at(C),
      urbanResident: true,
      identifiedOn: today(),
      members: [member(C, "head"), member(D, "spouse")],
    }),
  );
  await ok(
    "vacancy",
    desk("POST", "/v1/vacancy-registrations", {
      divisionCode: "350203001",
      employer: {
        name: "厦门静态加密科技有限公司",
        creditCode: makeCreditCode({ division: "350203", organisation: "MA31AR0A7" }),
        industry: "I6511",
        economicType: "limited-liability",
        address: "思明区软件园二期",
        contactName: contact.name,
        contactPhone: contact.phone,
      },
      positions: [
        {
          title: "软件测试员",
          hiringForm: "full-time",
          headcount: 2,
          requirements: { ageMin: 20, ageMax: 40 },
          pay: { monthlyMinFen: 600_000 },
          recruitFrom: today(),
          recruitUntil: "2030-06-30",
        },
      ],
    }),
  );

  // The voucher loop: issued from the ledger line, claimed, A placed at the market and the voucher redeemed.
  await waitFor(
    async () =>
      (await ok("issue run", hub("POST", `/v1/voucher-policies/${POLICY}/issue-runs`, {}))).issued >= 1,
    { timeoutMs: 90_000, what: "the hub to issue A's voucher" },
  );
  const voucherId = (await ok("vouchers", hub("GET", `/v1/vouchers?policyId=${POLICY}`))).items[0].id;
  await ok("claim", hub("POST", `/v1/vouchers/${voucherId}/claim`, { idNumber: A.idNumber }));
  const worker = await ok(
    "worker",
    gig("POST", "/v1/workers", {
      idNumber: A.idNumber,
      name: A.name,
      mobile: A.phone,
      consent: { given: true },
    }),
  );
  const placement = await ok(
    "placement",
    gig("POST", "/v1/placements", { postingId: posting.id, workerId: worker.id }),
  );
  await ok(
    "completion",
    gig("POST", `/v1/placements/${placement.id}/completion`, {
      completedOn: today(),
      payDueFen: 20_000,
      payReceivedFen: 20_000,
    }),
  );
  await ok(
    "redemption",
    gig("POST", "/v1/voucher-redemptions", { voucherId, workerId: worker.id, placementId: placement.id }),
  );

  // Everything has arrived where it goes.
  await waitFor(
    async () => {
      const got = await rows<{ type: string }>(
        city.databaseUrl,
        sql`select distinct type from flowback_notices where person_key = ${A.key}`,
      );
      return got.length === 2;
    },
    { timeoutMs: 120_000, what: "A's need and voucher flowed back to the city node" },
  );
  await waitFor(
    async () => {
      const feed = await ok("flow-back", gig("GET", "/v1/flowback?limit=100"));
      const kinds = new Set(
        feed.items
          .filter((i: { person?: { key: string } }) => i.person?.key === A.key)
          .map((i: { kind: string }) => i.kind),
      );
      return kinds.has("work-needed-notice") && kinds.has("voucher-notice");
    },
    { timeoutMs: 120_000, what: "A's work-needed and voucher notices at the market" },
  );
  await waitFor(
    async () => {
      const got = await rows<{ type: string }>(
        hubUrl(),
        sql`select distinct type from hub_records where person_key = any(${sql.param([A.key, B.key, C.key])}::text[])
          or type = 'vacancy-registration' and data->'employer'->>'name' = '厦门静态加密科技有限公司'
          or type = 'gig-posting' and record_id = ${posting.id}`,
      );
      const types = new Set(got.map((r) => r.type));
      return [
        "unemployment-registration",
        "key-group-membership",
        "job-seeker-registration",
        "zero-employment-family",
        "vacancy-registration",
        "gig-posting",
        "gig-placement",
      ].every((t) => types.has(t));
    },
    { timeoutMs: 120_000, what: "every record of the run at the hub" },
  );
}, 420_000);

afterAll(async () => {
  await city?.close();
  await platform?.stop();
}, 90_000);

describe("personal data at rest (issue 15 #2)", () => {
  it("keeps no clear ID number, name or phone in any table of the city node, the hub or the gig market", async () => {
    const found = {
      city: await clearValuesIn(city.databaseUrl, values(), { except: ["pes_outbox"] }),
      hub: await clearValuesIn(hubUrl(), values(), { except: ["pes_outbox"] }),
      market: await clearValuesIn(marketUrl(), values(), { except: ["pes_outbox"] }),
    };
    expect(found).toEqual({ city: [], hub: [], market: [] });
  }, 60_000);

  // The outbox apart: its records are sealed by the outbox itself (ADR 0006), not by the tables' sealing.
  it("keeps none in any outbox, nor on the city's topics as the broker holds them", async () => {
    const only = { only: ["pes_outbox"] };
    const outboxes = {
      city: await clearValuesIn(city.databaseUrl, values(), only),
      hub: await clearValuesIn(hubUrl(), values(), only),
      market: await clearValuesIn(marketUrl(), values(), only),
    };
    const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "at-rest-raw" });
    const records = await rawRecordsSince(kafka, runStart);
    expect(records.length).toBeGreaterThan(0);
    const onTopics = records.flatMap((r) =>
      values()
        .filter((v) => r.text.includes(v))
        .map((v) => `${r.topic}: ${v}`),
    );
    expect({ outboxes, onTopics: [...new Set(onTopics)] }).toEqual({
      outboxes: { city: [], hub: [], market: [] },
      onTopics: [],
    });
  }, 120_000);

  it("keeps none in the broker's segment files of the city's topics", () => {
    const files = segmentFiles(CITY_TOPICS);
    expect(files.length).toBeGreaterThan(0);
    expect(valuesInFiles(files, values())).toEqual([]);
  });
});
