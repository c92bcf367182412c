/**
 * The known-answer year: a 2025 built through the city nodes' desk APIs (厦门 350200 with 思明 350203 and
 * 湖里 350206, 泉州 350500 with 晋江 350582), so that every event-computed indicator has a value known by
 * construction (./expected.ts). Every person below is named by a short code that expected.ts uses in its
 * comments; the dates are China time. The traps:
 *
 * - opens and closes in one month: U2 registered 03-04, employed (closes) 03-24;
 * - across months: U3 registered 03-10, moved away 04-15; U5 registered on the quarter's last day 03-31,
 *   withdrawn 04-01; U4 applied 03-28, registered (late) 04-02; U6 registered on 04-01;
 * - a late registration: LJ's job started 2024-12-20 and was registered 2025-01-06 (January's);
 * - revisions: registrations applied → registered → closed, difficulty applied → recognised, families
 *   identified → cleared, T1's training posted enrolled, then completed;
 * - a person in two districts: PD, registered unemployed in 思明, served in 思明 and then in 湖里 (moved),
 *   employed in 湖里 (closing the 思明 registration);
 * - a person in two cities: XQ, employed in 厦门 and in 泉州 in April (one person for the province);
 * - period boundaries: services and ratings at 03-31 23:30/23:50 (March) and 04-01 00:10/00:20 (April,
 *   though still March in UTC);
 * - a retried request: LJ's employment registration POSTed twice with the same Idempotency-Key;
 * - a person trained twice: T1 (March without, April with a certificate), T2 (both in March, one with);
 * - help that is not substantive: DG1, a difficult graduate, gets only a follow-up survey and a consultation;
 * - online and desk: an online consultation is no policy handling, an online career guidance no one-to-one
 *   contact, a desk job recommendation no 一网通办 visit;
 * - a late record: R1's rural-migrant ledger line (from 03-01) posted after the hub applied R1's 03-18
 *   service it qualifies.
 */
import { makeCreditCode } from "@pes/schemas";
import { person as samplePerson } from "../support/person.js";

export const XIAMEN = "350200";
export const SIMING = "350203";
export const HULI = "350206";
export const QUANZHOU = "350500";
export const JINJIANG = "350582";
const SIMING_COMMUNITY = "350203001001";
const HULI_COMMUNITY = "350206001001";
const JINJIANG_COMMUNITY = "350582001001";
export const POINTS = { siming: "sp-ka-siming", huli: "sp-ka-huli", jinjiang: "sp-ka-jinjiang" } as const;

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** A city node's HTTP API as the builder uses it: a call with a staff token. */
export interface NodeApi {
  call(
    method: string,
    path: string,
    body: unknown,
    token: string,
    headers?: Record<string, string>,
  ): Promise<Reply>;
}

/** One desk of the data set: a node and a supervisor of one district (with its service point). */
interface Desk {
  api: NodeApi;
  token: string;
  point: string;
  community: string;
}

/** A person of the data set: an ID number (sex by the sequence's parity, odd male) and a name. */
interface Person {
  code: string;
  idNumber: string;
  name: string;
}

function person(code: string, birth: string, seq: number, name: string): Person {
  return { code, idNumber: samplePerson(seq, { birthDate: birth }).idNumber, name };
}

/** Odd sequences are men, even ones women (GB 11643's 17th digit). */
export const P = {
  U1: person("U1", "1985-04-10", 11, "林一"),
  U2: person("U2", "1990-07-21", 12, "王二"),
  U3: person("U3", "1983-08-08", 13, "张三"),
  U4: person("U4", "1988-09-09", 15, "李四"),
  U5: person("U5", "1979-12-12", 17, "赵五"),
  U6: person("U6", "1986-06-06", 18, "陈六"),
  G1: person("G1", "2002-03-03", 20, "黄小一"),
  G3: person("G3", "2003-09-09", 21, "吴小三"),
  G4: person("G4", "2002-08-08", 23, "郑小四"),
  G5: person("G5", "1999-01-01", 25, "周小五"),
  GC1: person("GC1", "2003-02-02", 26, "许毕一"),
  GC2: person("GC2", "2003-04-04", 27, "何毕二"),
  GC3: person("GC3", "2003-10-10", 28, "罗毕三"),
  DG1: person("DG1", "2002-05-05", 29, "高难一"),
  DG2: person("DG2", "2003-11-11", 31, "梁难二"),
  Y1: person("Y1", "2004-06-06", 32, "宋青一"),
  DE1: person("DE1", "1972-07-07", 33, "唐困一"),
  R1: person("R1", "1982-02-02", 35, "韩农一"),
  R2: person("R2", "1980-06-06", 37, "冯农二"),
  PD: person("PD", "1987-10-10", 39, "邓两区"),
  F1: person("F1", "1975-03-03", 41, "曹家一"),
  F2: person("F2", "1978-08-08", 43, "彭家二"),
  F3: person("F3", "1976-04-04", 45, "曾家三"),
  F4: person("F4", "1977-05-05", 47, "肖家四"),
  T1: person("T1", "1992-02-02", 48, "田训一"),
  T2: person("T2", "1993-03-03", 49, "董训二"),
  LJ: person("LJ", "1991-01-01", 51, "袁迟登"),
  OP: person("OP", "1995-05-05", 52, "潘网办"),
  XQ: person("XQ", "1990-10-10", 53, "蒋两市"),
  Q1: person("Q1", "1984-04-04", 55, "蔡泉一"),
  Q2: person("Q2", "1989-09-09", 56, "贾泉二"),
} as const;

/** What the build left to wait for and to tell. */
export interface Built {
  /** Every record the nodes published, with the revision the hub must end up holding. */
  revisions: Map<string, number>;
  /** What the nodes did with the traps (the retried request, the features still pending). */
  notes: string[];
  /** Requests of the data set the node refused (features not yet there): path, status, problem. */
  refused: Array<{ what: string; status: number; problem: string }>;
}

export interface Desks {
  siming: { api: NodeApi; token: string };
  huli: { api: NodeApi; token: string };
  jinjiang: { api: NodeApi; token: string };
}

const instant = (local: string) => `${local}+08:00`;

/**
 * Builds the year. `afterFirstPass` is called before the late record is posted: the test waits there
 * until the hub has applied everything so far, so the late line really arrives after its service.
 */
export async function buildKnownAnswerYear(
  desks: Desks,
  afterFirstPass: (revisions: Map<string, number>) => Promise<void>,
): Promise<Built> {
  const revisions = new Map<string, number>();
  const notes: string[] = [];
  const refused: Built["refused"] = [];
  const sm: Desk = { ...desks.siming, point: POINTS.siming, community: SIMING_COMMUNITY };
  const hl: Desk = { ...desks.huli, point: POINTS.huli, community: HULI_COMMUNITY };
  const jj: Desk = { ...desks.jinjiang, point: POINTS.jinjiang, community: JINJIANG_COMMUNITY };

  const block = (p: Person, desk: Desk) => ({
    idNumber: p.idNumber,
    name: p.name,
    divisionCode: desk.community,
  });

  /** A request that must succeed; its record's revision is kept. */
  async function must(
    desk: Desk,
    path: string,
    body: unknown,
    what: string,
    headers?: Record<string, string>,
  ) {
    const res = await desk.api.call("POST", path, body, desk.token, headers);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${what}: ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.id as string | undefined;
    if (id && typeof res.body.revision === "number") revisions.set(id, res.body.revision);
    else if (id) revisions.set(id, 1);
    return res;
  }
  /** A request of a feature that may not be there yet: refused is noted, not fatal. */
  async function pending(desk: Desk, path: string, body: unknown, what: string) {
    const res = await desk.api.call("POST", path, body, desk.token);
    if (res.status === 200 || res.status === 201) {
      revisions.set(res.body.id as string, (res.body.revision as number | undefined) ?? 1);
      return res;
    }
    refused.push({ what, status: res.status, problem: JSON.stringify(res.body).slice(0, 400) });
    return undefined;
  }
  const bump = (id: string) => revisions.set(id, (revisions.get(id) ?? 0) + 1);

  /** 失业登记: applied on `appliedOn`, registered on `registeredOn`; returns the registration id. */
  async function unemployed(desk: Desk, p: Person, appliedOn: string, registeredOn: string) {
    const applied = await must(
      desk,
      "/v1/unemployment-registrations",
      {
        person: block(p, desk),
        ableToWork: true,
        wantsWork: true,
        currentlyEmployed: false,
        placeBasis: "residence",
        servicePointId: desk.point,
        appliedOn,
      },
      `${p.code} applies`,
    );
    const id = applied.body.id as string;
    await must(
      desk,
      `/v1/unemployment-registrations/${id}/register`,
      { registeredOn },
      `${p.code} registered`,
    );
    return id;
  }
  async function close(desk: Desk, p: Person, id: string, closedOn: string, reason: string) {
    await must(desk, `/v1/unemployment-registrations/${id}/close`, { closedOn, reason }, `${p.code} closed`);
  }
  /** 就业登记 (flexible work, so no unit); closes the open registration it names. */
  function employmentBody(desk: Desk, p: Person, startedOn: string, registeredOn: string) {
    return {
      person: block(p, desk),
      form: "flexible",
      address: "工作地址",
      position: "快递员",
      workingHours: { hoursPerWeek: 40 },
      monthlyIncomeFen: 600_000,
      startedOn,
      registeredOn,
    };
  }
  async function employed(desk: Desk, p: Person, startedOn: string, registeredOn = startedOn) {
    const res = await must(
      desk,
      "/v1/employment-registrations",
      employmentBody(desk, p, startedOn, registeredOn),
      `${p.code} employed`,
    );
    const closed = res.body.closedUnemploymentRegistrationId as string | null;
    if (closed) bump(closed);
    return res;
  }
  async function ledger(desk: Desk, p: Person, group: string, startedOn: string, graduatedOn?: string) {
    return must(
      desk,
      "/v1/key-group-memberships",
      {
        person: block(p, desk),
        group,
        startedOn,
        source: group === "college-graduate" ? "education-department" : "survey",
        ...(graduatedOn ? { graduatedOn } : {}),
        servicePointId: desk.point,
      },
      `${p.code} on the ${group} ledger`,
    );
  }
  async function difficulty(desk: Desk, p: Person, appliedOn: string, decidedOn: string) {
    const applied = await must(
      desk,
      "/v1/difficulty-recognitions",
      { person: block(p, desk), categories: ["long-unemployment"], appliedOn, servicePointId: desk.point },
      `${p.code} applies for recognition`,
    );
    await must(
      desk,
      `/v1/difficulty-recognitions/${applied.body.id}/decide`,
      { decision: "recognise", decidedOn },
      `${p.code} recognised`,
    );
  }
  const serviceBody = (desk: Desk, p: Person, serviceType: string, channel: string, at: string) => ({
    person: block(p, desk),
    serviceType,
    channel,
    servicePointId: desk.point,
    servedAt: instant(at),
  });
  async function service(desk: Desk, p: Person, serviceType: string, at: string, channel = "desk") {
    return must(
      desk,
      "/v1/service-records",
      serviceBody(desk, p, serviceType, channel, at),
      `${p.code} ${serviceType} ${at}`,
    );
  }
  async function training(
    desk: Desk,
    p: Person,
    course: string,
    t: { enrolledOn: string; completedOn?: string; subsidised: boolean; certificate: boolean },
  ) {
    return must(
      desk,
      "/v1/training-records",
      {
        person: block(p, desk),
        kind: "employment-skills",
        course,
        stage: t.completedOn ? "completed" : "enrolled",
        enrolledOn: t.enrolledOn,
        ...(t.completedOn ? { completedOn: t.completedOn, passed: true } : {}),
        subsidised: t.subsidised,
        ...(t.certificate
          ? { certificate: { type: "skill-level", level: "level-4", issuedOn: t.completedOn } }
          : {}),
      },
      `${p.code} ${course}`,
    );
  }
  async function rating(desk: Desk, p: Person, category: string, value: object, at: string) {
    return must(
      desk,
      "/v1/ratings",
      { person: block(p, desk), category, rating: value, ratedAt: instant(at), servicePointId: desk.point },
      `${p.code} rates ${category}`,
    );
  }
  async function family(desk: Desk, head: Person, identifiedOn: string) {
    return must(
      desk,
      "/v1/zero-employment-families",
      {
        person: block(head, desk),
        urbanResident: true,
        identifiedOn,
        members: [
          {
            person: { idNumber: head.idNumber, name: head.name },
            relation: "head",
            workingAge: true,
            unemployed: true,
            ableAndWilling: true,
            fixedIncome: false,
          },
        ],
      },
      `${head.code}'s family identified`,
    );
  }
  const five = (score: number) => ({ scale: "five-point", score });
  const verdict = (v: "satisfied" | "unsatisfied") => ({ scale: "satisfaction", verdict: v });

  // ——— Zero-employment families (F4 identified the year before) ———
  const f4 = await family(sm, P.F4, "2024-11-05");
  const f1 = await family(sm, P.F1, "2025-01-20");

  // ——— January ———
  // LJ: a job started in December, registered in January; the request is retried (same key, same body).
  const retryKey = `ka-retry-${P.LJ.idNumber}`;
  const ljBody = employmentBody(sm, P.LJ, "2024-12-20", "2025-01-06");
  const first = await must(sm, "/v1/employment-registrations", ljBody, "LJ employed", {
    "idempotency-key": retryKey,
  });
  const again = await must(sm, "/v1/employment-registrations", ljBody, "LJ employed (retried)", {
    "idempotency-key": retryKey,
  });
  notes.push(
    again.body.id === first.body.id
      ? `retried POST /v1/employment-registrations: the node answered the first record again (${again.status}, Idempotent-Replayed: ${again.headers.get("idempotent-replayed")})`
      : `retried POST /v1/employment-registrations: the node created a second record (${first.status} then ${again.status}, two ids) — it keeps no idempotency key; new_employment must still count LJ once`,
  );
  await unemployed(sm, P.U1, "2025-01-06", "2025-01-08");
  await ledger(sm, P.G1, "college-graduate", "2025-01-10", "2024-06-30");
  await ledger(sm, P.G4, "college-graduate", "2025-01-15", "2024-06-30");
  const pdReg = await unemployed(sm, P.PD, "2025-01-15", "2025-01-16");
  await unemployed(hl, P.DE1, "2025-01-20", "2025-01-20");
  await ledger(sm, P.GC1, "college-graduate", "2025-01-20", "2025-01-15");
  await ledger(sm, P.GC2, "college-graduate", "2025-01-20", "2025-01-15");
  await ledger(hl, P.GC3, "college-graduate", "2025-01-20", "2025-01-15");
  await ledger(sm, P.R2, "rural-migrant", "2025-01-01");

  // ——— February ———
  await ledger(sm, P.G5, "college-graduate", "2025-02-01", "2022-06-30");
  await ledger(sm, P.DG1, "college-graduate", "2025-02-01", "2024-06-30");
  await unemployed(sm, P.DG1, "2025-02-03", "2025-02-03");
  await unemployed(hl, P.Y1, "2025-02-03", "2025-02-03");
  await difficulty(sm, P.DG1, "2025-02-05", "2025-02-14");
  await difficulty(hl, P.Y1, "2025-02-05", "2025-02-10");
  await difficulty(hl, P.DE1, "2025-02-12", "2025-02-20");
  await service(sm, P.G1, "career-guidance", "2025-02-10T10:00:00");
  await service(sm, P.G4, "job-recommendation", "2025-02-20T10:00:00");
  await training(sm, P.T1, "电工（初级）", {
    enrolledOn: "2025-02-10",
    subsidised: true,
    certificate: false,
  });

  // ——— March ———
  await ledger(hl, P.DG2, "college-graduate", "2025-03-01", "2024-06-30");
  await unemployed(hl, P.DG2, "2025-03-03", "2025-03-03");
  await unemployed(sm, P.U2, "2025-03-03", "2025-03-04");
  await ledger(hl, P.G3, "college-graduate", "2025-03-05", "2024-07-01");
  await difficulty(hl, P.DG2, "2025-03-05", "2025-03-12");
  await unemployed(jj, P.Q1, "2025-03-05", "2025-03-05");
  await service(sm, P.DG1, "follow-up-survey", "2025-03-05T10:00:00");
  await service(sm, P.PD, "job-recommendation", "2025-03-05T10:00:00");
  await service(sm, P.G5, "career-guidance", "2025-03-06T10:00:00");
  const u3 = await unemployed(hl, P.U3, "2025-03-10", "2025-03-10");
  await service(sm, P.U2, "job-recommendation", "2025-03-10T10:00:00");
  await service(hl, P.G3, "career-guidance", "2025-03-10T10:00:00", "online");
  await employed(sm, P.GC1, "2025-03-10");
  await service(jj, P.Q1, "job-recommendation", "2025-03-11T10:00:00");
  // PD moves to 湖里 (迁移, by 湖里's supervisor): the next records carry 湖里's community. Not through
  // must(): a transfer is node-local, no record the hub applies.
  const moved = await hl.api.call(
    "POST",
    "/v1/person-transfers",
    { idNumber: P.PD.idNumber, toDivisionCode: hl.community, reason: "常住地变更：迁居湖里" },
    hl.token,
  );
  if (moved.status !== 201 && moved.status !== 200)
    throw new Error(`PD's transfer answered ${moved.status} ${JSON.stringify(moved.body)}`);
  await service(hl, P.PD, "career-guidance", "2025-03-12T10:00:00");
  await training(sm, P.T2, "焊工", {
    enrolledOn: "2025-03-01",
    completedOn: "2025-03-12",
    subsidised: true,
    certificate: true,
  });
  await rating(jj, P.Q1, "public-employment-service", verdict("unsatisfied"), "2025-03-12T15:00:00");
  await service(sm, P.U1, "policy-consultation", "2025-03-14T09:30:00");
  await service(sm, P.OP, "policy-consultation", "2025-03-14T09:00:00", "online");
  await pending(
    sm,
    "/v1/service-records",
    serviceBody(sm, P.OP, "policy-handling", "online", "2025-03-14T10:00:00"),
    "OP online policy-handling service (一网通办政策经办)",
  );
  await rating(sm, P.OP, "policy-handling", verdict("satisfied"), "2025-03-14T11:00:00");
  await employed(sm, P.F1, "2025-03-15");
  bump(f1.body.id as string);
  const r1Service = await service(hl, P.R1, "career-guidance", "2025-03-18T10:00:00");
  await employed(jj, P.Q2, "2025-03-18");
  await service(hl, P.DG2, "job-recommendation", "2025-03-20T10:00:00");
  await employed(sm, P.G4, "2025-03-20");
  await training(jj, P.Q2, "育婴员", {
    enrolledOn: "2025-03-01",
    completedOn: "2025-03-20",
    subsidised: true,
    certificate: true,
  });
  await rating(hl, P.Y1, "public-employment-service", five(3), "2025-03-20T16:00:00");
  // T1's training A: the enrolment (posted in February) completed without a certificate.
  await training(sm, P.T1, "电工（初级）", {
    enrolledOn: "2025-02-10",
    completedOn: "2025-03-21",
    subsidised: true,
    certificate: false,
  });
  await employed(sm, P.U2, "2025-03-24");
  await rating(sm, P.U2, "public-employment-service", five(5), "2025-03-25T10:00:00");
  await family(hl, P.F2, "2025-03-25");
  await training(sm, P.T2, "叉车司机", {
    enrolledOn: "2025-03-02",
    completedOn: "2025-03-26",
    subsidised: false,
    certificate: false,
  });
  await rating(sm, P.T2, "training", five(1), "2025-03-27T10:00:00");
  const u4 = await must(
    sm,
    "/v1/unemployment-registrations",
    {
      person: block(P.U4, sm),
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: sm.point,
      appliedOn: "2025-03-28",
    },
    "U4 applies",
  );
  // The quarter's last day, in China time.
  const u5 = await unemployed(sm, P.U5, "2025-03-31", "2025-03-31");
  await service(sm, P.R2, "job-recommendation", "2025-03-31T23:30:00");
  await service(hl, P.Y1, "assistance", "2025-03-31T23:30:00");
  await rating(sm, P.G1, "public-employment-service", five(2), "2025-03-31T23:50:00");

  // ——— April ———
  await service(sm, P.R2, "career-guidance", "2025-04-01T00:10:00");
  await rating(sm, P.R2, "public-employment-service", verdict("satisfied"), "2025-04-01T00:20:00");
  await close(sm, P.U5, u5, "2025-04-01", "withdrawn");
  await unemployed(hl, P.U6, "2025-04-01", "2025-04-01");
  await must(
    sm,
    `/v1/unemployment-registrations/${u4.body.id}/register`,
    { registeredOn: "2025-04-02" },
    "U4 registered",
  );
  await service(hl, P.G3, "career-guidance", "2025-04-02T10:00:00");
  await employed(sm, P.F4, "2025-04-03");
  bump(f4.body.id as string);
  await service(hl, P.DE1, "assistance", "2025-04-03T10:00:00");
  await employed(hl, P.PD, "2025-04-07");
  if (!revisions.has(pdReg)) throw new Error("PD's registration is not tracked");
  await service(hl, P.U3, "job-recommendation", "2025-04-08T10:00:00");
  await employed(hl, P.GC3, "2025-04-08");
  await service(sm, P.OP, "policy-consultation", "2025-04-09T09:00:00", "online");
  await service(sm, P.OP, "job-recommendation", "2025-04-09T10:00:00", "online");
  // Online (一网通办) job-seeker and vacancy registrations: the contract has no channel for them yet.
  await pending(
    sm,
    "/v1/job-seeker-registrations",
    {
      person: { ...block(P.OP, sm), phone: "13800001234" },
      registeredOn: "2025-04-09",
      education: "bachelor",
      yearsOfExperience: 3,
      category: "unemployed",
      residenceAddress: "思明区某街道某社区1号",
      wishes: { occupations: ["文员"], monthlyPayMinFen: 500_000, shift: "day" },
      servicePointId: sm.point,
      channel: "online",
    },
    "OP online job-seeker registration (一网通办求职登记)",
  );
  await pending(
    sm,
    "/v1/vacancy-registrations",
    {
      divisionCode: "350203001",
      registeredOn: "2025-04-09",
      channel: "online",
      employer: {
        name: "厦门已知答案科技有限公司",
        creditCode: makeCreditCode({ division: "350203", organisation: "MA31KA0A7" }),
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
          headcount: 2,
          requirements: { ageMin: 20, ageMax: 40 },
          pay: { monthlyMinFen: 600_000 },
          recruitFrom: "2025-04-09",
          recruitUntil: "2025-06-30",
        },
      ],
    },
    "online vacancy registration (一网通办招聘登记)",
  );
  const f3 = await family(sm, P.F3, "2025-04-10");
  // Not a substantive help: DG1, a difficult graduate, gets a follow-up survey and a consultation only.
  await service(sm, P.DG1, "policy-consultation", "2025-04-10T10:00:00");
  await employed(sm, P.XQ, "2025-04-11");
  await employed(jj, P.XQ, "2025-04-14");
  await close(hl, P.U3, u3, "2025-04-15", "moved-away");
  await employed(hl, P.DE1, "2025-04-16");
  await training(sm, P.T1, "电工（中级）", {
    enrolledOn: "2025-04-01",
    completedOn: "2025-04-18",
    subsidised: true,
    certificate: true,
  });
  await rating(sm, P.T1, "training", five(4), "2025-04-20T10:00:00");
  await rating(hl, P.R1, "policy-handling", verdict("unsatisfied"), "2025-04-22T10:00:00");
  await employed(sm, P.F3, "2025-04-28");
  bump(f3.body.id as string);

  // ——— The late record: R1's ledger line, posted once the hub has applied the service it qualifies ———
  if (!r1Service.body.id) throw new Error("R1's service has no id");
  await afterFirstPass(new Map(revisions));
  await ledger(hl, P.R1, "rural-migrant", "2025-03-01");

  return { revisions, notes, refused };
}
