import { makeCreditCode } from "@pes/schemas";
import { expect } from "vitest";
import { testApp } from "./app.js";
import { HULI_POINT, SIMING_POINT } from "./config.js";
import { application, idNumber, personBlock } from "./person.js";
import { staffWithToken } from "./principals.js";
import { openAsProvince } from "./sealed.js";

export interface OutboxRow {
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  /** The record's JSON, opened as the province opens it. */
  payload: string;
  /** The value as the outbox keeps it: sealed for the province. */
  sealed: string;
}

/** The test node (testApp) with a service point in 思明 and one in 湖里, and a 湖里 supervisor besides. */
export async function ledgerNode(label: string) {
  const node = await testApp(label);
  const huliSupervisor = await staffWithToken(node.db, "supervisor", "350206");
  for (const [id, divisionCode] of [
    [SIMING_POINT, "350203001"],
    [HULI_POINT, "350206001"],
  ] as const) {
    const res = await node.app.request("/v1/service-points", {
      method: "PUT",
      headers: { ...node.staff.admin.headers, "content-type": "application/json" },
      body: JSON.stringify({ id, name: id, kind: "public", divisionCode }),
    });
    expect(res.status).toBe(200);
  }

  return {
    ...node,
    staff: { ...node.staff, huliSupervisor },
    /** The outbox, each row's value opened as the province opens it (the row itself holds ciphertext). */
    outbox: async (): Promise<OutboxRow[]> =>
      (
        await node.rows<Omit<OutboxRow, "sealed">>(
          "select topic, message_key, headers, payload from pes_outbox order by id",
        )
      ).map((r) => ({ ...r, payload: openAsProvince(r.headers, r.payload), sealed: r.payload })),
    /** What a request added to the outbox. */
    async published(request: () => Promise<unknown>): Promise<OutboxRow[]> {
      const before = (await this.outbox()).length;
      await request();
      return (await this.outbox()).slice(before);
    },
    /** Counts of the given tables, to compare before and after a refused request. */
    /** Adds a service point of the network (city admin). */
    async servicePoint(id: string, divisionCode = "350203001") {
      const res = await node.app.request("/v1/service-points", {
        method: "PUT",
        headers: { ...node.staff.admin.headers, "content-type": "application/json" },
        body: JSON.stringify({ id, name: id, kind: "public", divisionCode }),
      });
      expect(res.status).toBe(200);
    },
    async counts(tables: readonly string[]): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const t of tables) out[t] = await node.count(t);
      return out;
    },
    /** Applies for and completes a 失业登记 (at the 思明 service point); returns the person's id. */
    async registeredUnemployed(
      id = idNumber(),
      registeredOn = "2025-10-09",
      servicePointId = SIMING_POINT,
    ): Promise<string> {
      const applied = await node.post(
        "/v1/unemployment-registrations",
        application(id, { servicePointId, appliedOn: "2025-09-26" }),
      );
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      const registered = await node.post(`/v1/unemployment-registrations/${applied.body.id}/register`, {
        registeredOn,
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(200);
      return (registered.body.person as { id: string }).id;
    },
  };
}
export type LedgerNode = Awaited<ReturnType<typeof ledgerNode>>;

export const CREDIT_CODE = makeCreditCode({ division: "350203", organisation: "MA31XM0A7" });

/** Valid desk bodies of every new route, for a person of 思明 (or the given one). */
export const bodies = {
  jobSeeker: (person = personBlock()) => ({
    person,
    registeredOn: "2025-10-09",
    education: "junior-college",
    yearsOfExperience: 5,
    category: "unemployed",
    residenceAddress: "思明区某街道某社区1号",
    wishes: { occupations: ["仓储管理员"], monthlyPayMinFen: 500_000, shift: "day" },
    servicePointId: SIMING_POINT,
  }),
  vacancy: (divisionCode = "350203001", creditCode = CREDIT_CODE) => ({
    divisionCode,
    registeredOn: "2025-10-09",
    employer: {
      name: "厦门示例科技有限公司",
      creditCode,
      industry: "I6511",
      economicType: "limited-liability",
      address: "思明区软件园二期",
      contactName: "王经理",
      contactPhone: "0592-5551234",
    },
    positions: [
      {
        title: "软件测试员",
        hiringForm: "full-time",
        headcount: 3,
        requirements: { ageMin: 20, ageMax: 40 },
        pay: { monthlyMinFen: 600_000 },
        recruitFrom: "2025-10-09",
        recruitUntil: "2025-12-31",
      },
    ],
  }),
  /** 企业规模性裁员报告 of an enterprise of 思明 (or the given division): 25 of 180 leave. */
  layoffReport: (divisionCode = "350203001", creditCode = CREDIT_CODE) => ({
    divisionCode,
    enterprise: { name: "厦门示例科技有限公司", creditCode, industry: "C3911" },
    kind: "layoff",
    persons: 25,
    workforce: 180,
    reportedOn: "2025-10-09",
    effectiveOn: "2025-11-10",
  }),
  keyGroup: (person = personBlock()) => ({
    person,
    group: "college-graduate",
    startedOn: "2025-07-01",
    source: "education-department",
    graduatedOn: "2025-06-30",
    servicePointId: SIMING_POINT,
  }),
  difficulty: (person = personBlock()) => ({
    person,
    categories: ["long-unemployment"],
    appliedOn: "2025-10-10",
    servicePointId: SIMING_POINT,
  }),
  /** Working age and unemployment are the node's to find (ID number, employment ledger), not the form's. */
  family: (person = personBlock(), spouse = idNumber("1991-06-18", false)) => ({
    person,
    urbanResident: true,
    identifiedOn: "2025-10-10",
    members: [
      {
        person: { idNumber: person.idNumber, name: person.name },
        relation: "head",
        ableAndWilling: true,
        fixedIncome: false,
      },
      {
        person: { idNumber: spouse, name: "李小红" },
        relation: "spouse",
        ableAndWilling: true,
        fixedIncome: false,
      },
    ],
  }),
  service: (
    person = personBlock(),
    serviceType = "career-guidance",
    servedAt = "2025-10-15T10:00:00+08:00",
  ) => ({
    person,
    serviceType,
    channel: "desk",
    servicePointId: SIMING_POINT,
    servedAt,
  }),
  training: (person = personBlock()) => ({
    person,
    kind: "employment-skills",
    course: "电工（中级）",
    stage: "completed",
    enrolledOn: "2025-04-01",
    completedOn: "2025-05-31",
    passed: true,
    subsidised: true,
    subsidyFen: 100_000,
    certificate: { type: "skill-level", level: "level-4", issuedOn: "2025-06-15" },
  }),
  rating: (person = personBlock()) => ({
    person,
    category: "public-employment-service",
    rating: { scale: "five-point", score: 5 },
    ratedAt: "2025-10-15T11:00:00+08:00",
    servicePointId: SIMING_POINT,
  }),
};

export const employmentBody = (person = personBlock(), startedOn = "2025-10-20") => ({
  person,
  form: "flexible",
  address: "思明区",
  position: "骑手",
  workingHours: { hoursPerWeek: 40 },
  monthlyIncomeFen: 600_000,
  startedOn,
  registeredOn: "2025-10-21",
});
