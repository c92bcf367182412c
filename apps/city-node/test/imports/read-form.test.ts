import {
  EmploymentRegistration,
  JobSeekerRegistration,
  ServiceRecord,
  TrainingRecord,
  VacancyRegistration,
} from "@pes/schemas";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { FORMS, type FormReading } from "../../src/domain/forms/index.js";
import { firstInvalidUtf8 } from "../../src/use-cases/imports/csv.js";
import {
  MAX_IMPORT_BYTES,
  readForm,
  rejectionReportXlsx,
  templateCsv,
  templateXlsx,
} from "../../src/use-cases/imports/index.js";
import { unpackedZipSize } from "../../src/use-cases/imports/zip-size.js";
import { intakeOf, isIntakeKind } from "../../src/use-cases/intake/index.js";

const ID = "35020319900307105X";
const PERSON = { idNumber: ID, name: "陈明华", phone: "13812341234", divisionCode: "350203" };
const SOURCE = { sourceRecordId: "XM-2025-000123" };

/** What each form's template example row must read back as: the desk body, exactly. */
const EXAMPLE_BODIES = {
  "job-seeker-registration": {
    ...SOURCE,
    person: PERSON,
    education: "bachelor",
    qualificationLevel: "level-4",
    professionalTitle: "junior",
    yearsOfExperience: 5,
    category: "unemployed",
    residenceAddress: "厦门市思明区湖滨南路 100 号",
    resume: "2015–2024 年在厦门某物流公司任仓储管理员",
    wishes: {
      occupations: ["仓储管理员", "物流专员"],
      monthlyPayMinFen: 450000,
      monthlyPayMaxFen: 600000,
      workPlaces: ["350203", "350206"],
      shift: "day",
    },
    registeredOn: "2025-03-01",
    channel: "desk",
    servicePointId: "sp-siming-01",
  },
  "vacancy-registration": {
    ...SOURCE,
    divisionCode: "350206",
    employer: {
      name: "厦门鹭岛物流有限公司",
      creditCode: "91350200MA2Y3K4L5Y",
      industry: "G",
      economicType: "limited-liability",
      address: "厦门市湖里区金山路 8 号",
      contactName: "林小红",
      contactPhone: "0592-5551234",
    },
    positions: [
      {
        title: "仓储管理员",
        hiringForm: "full-time",
        headcount: 3,
        requirements: { ageMin: 18, ageMax: 45, education: "senior-secondary", yearsOfExperience: 1 },
        pay: {
          monthlyMinFen: 450000,
          monthlyMaxFen: 600000,
          housing: "provided",
          benefits: ["五险一金", "餐补"],
        },
        recruitFrom: "2025-03-01",
        recruitUntil: "2025-05-31",
        interviewOn: "2025-03-10",
      },
    ],
    registeredOn: "2025-03-01",
    channel: "desk",
    servicePointId: "sp-siming-01",
  },
  "enterprise-layoff-report": {
    ...SOURCE,
    enterprise: { name: "厦门鹭岛电子有限公司", creditCode: "91350200MA2Y3K4L5Y", industry: "C" },
    divisionCode: "350206",
    kind: "layoff",
    persons: 30,
    workforce: 260,
    reportedOn: "2025-03-01",
    effectiveOn: "2025-04-01",
    servicePointId: "sp-siming-01",
  },
  "unemployment-application": {
    ...SOURCE,
    person: PERSON,
    ableToWork: true,
    wantsWork: true,
    currentlyEmployed: false,
    placeBasis: "residence",
    servicePointId: "sp-siming-01",
    appliedOn: "2025-03-01",
    unemployedSince: "2025-01-15",
    education: "junior-college",
    residenceAddress: "厦门市思明区湖滨南路 100 号",
    lastJobIndustry: "C",
  },
  "employment-registration": {
    ...SOURCE,
    person: PERSON,
    form: "unit-employee",
    unit: { name: "厦门鹭岛物流有限公司", creditCode: "91350200MA2Y3K4L5Y" },
    address: "厦门市湖里区金山路 8 号",
    workplaceCode: "350206",
    position: "仓储管理员",
    workingHours: { hoursPerWeek: 40, schedule: "周一至周五 9:00-18:00" },
    monthlyIncomeFen: 520000,
    startedOn: "2025-03-03",
    registeredOn: "2025-03-01",
    socialInsuranceFiled: true,
    channel: "desk",
    servicePointId: "sp-siming-01",
  },
  "key-group-membership": {
    ...SOURCE,
    person: PERSON,
    group: "college-graduate",
    startedOn: "2025-07-01",
    source: "education-department",
    graduatedOn: "2025-06-30",
    servicePointId: "sp-siming-01",
  },
  "service-record": {
    ...SOURCE,
    person: PERSON,
    serviceType: "career-guidance",
    channel: "desk",
    servedAt: "2025-03-01T09:30:00+08:00",
    servicePointId: "sp-siming-01",
  },
  "training-record": {
    ...SOURCE,
    person: PERSON,
    kind: "employment-skills",
    course: "电工（初级）",
    occupation: "电工",
    stage: "completed",
    enrolledOn: "2025-03-03",
    completedOn: "2025-04-30",
    passed: true,
    subsidised: true,
    subsidyFen: 120000,
    certificate: {
      type: "skill-level",
      level: "level-5",
      number: "S000035020001234",
      issuedOn: "2025-05-10",
    },
  },
} as const;

const KINDS = {
  "job-seeker-registration": "job-seeker-registration",
  "vacancy-registration": "vacancy-registration",
  "enterprise-layoff-report": "enterprise-layoff-report",
  "unemployment-application": "unemployment-registration",
  "employment-registration": "employment-registration",
  "key-group-membership": "key-group-membership",
  "service-record": "service-record",
  "training-record": "training-record",
} as const;

const okReading = (r: FormReading) => {
  if (!r.ok) throw new Error(`refused: ${r.problem.message}`);
  return r;
};
const problemOf = (r: FormReading) => {
  if (r.ok) throw new Error("expected the file to be refused");
  return r.problem;
};
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...utf8(p)] : p)));

async function workbookOf(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function rowsOf(xlsx: Uint8Array): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as never);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("templates", () => {
  for (const form of Object.values(FORMS)) {
    it(`${form.title}: the XLSX and CSV templates read back as the example row's desk body`, async () => {
      const expected = [{ row: 2, kind: KINDS[form.id], body: EXAMPLE_BODIES[form.id] }];
      const fromXlsx = okReading(await readForm(await templateXlsx(form), { form: form.id }));
      const fromCsv = okReading(await readForm(utf8(templateCsv(form)), { form: form.id }));
      for (const r of [fromXlsx, fromCsv]) {
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
        expect(r.rows.map(({ row, kind, body }) => ({ row, kind, body }))).toEqual(expected);
      }
    });
  }

  it("their example rows are bodies the desk takes: the record each makes is valid by the contract", () => {
    // What the node fills in itself around a desk body (routes/shared.ts NODE_FILLED) for a record.
    const node = { id: "0b7a3c52-8f0e-4d2a-9a57-3f1c2b4d5e6f", revision: 1, cityCode: "350200" };
    const recordedAt = "2025-03-01T10:00:00+08:00";
    const withPerson = ({ person, ...body }: { person: typeof PERSON }) => ({
      ...body,
      ...node,
      recordedAt,
      person: { key: `pk_${"a".repeat(32)}`, idNumber: person.idNumber, name: person.name },
    });
    const b = EXAMPLE_BODIES;
    const checks: Array<[string, z.ZodType, unknown]> = [
      [
        "job seeker",
        JobSeekerRegistration,
        { ...withPerson(b["job-seeker-registration"]), state: "active", contactMobile: PERSON.phone },
      ],
      ["vacancy", VacancyRegistration, { ...b["vacancy-registration"], ...node, recordedAt, status: "open" }],
      ["employment", EmploymentRegistration, withPerson(b["employment-registration"])],
      ["service", ServiceRecord, { ...withPerson(b["service-record"]), staffId: "staff-1" }],
      ["training", TrainingRecord, withPerson(b["training-record"])],
    ];
    // …and each is the input its record kind's intake takes (the body of POST, a batch item's record).
    for (const form of Object.values(FORMS)) {
      if (!isIntakeKind(form.kind)) throw new Error(`${form.id}: ${form.kind} is no kind of the intake`);
      checks.push([`${form.id} (the intake's input)`, intakeOf(form.kind).input, b[form.id]]);
    }
    for (const [what, schema, record] of checks) {
      const r = schema.safeParse(record);
      expect({ what, issues: r.error?.issues ?? [] }).toEqual({ what, issues: [] });
    }
  });

  it("explain each column in Chinese on a second sheet, with its labels", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await templateXlsx(FORMS["job-seeker-registration"])) as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["求职登记表", "填写说明"]);
    const help = wb.getWorksheet("填写说明")!;
    expect((help.getRow(1).values as unknown[]).slice(1)).toEqual([
      "列名",
      "是否必填",
      "填写要求",
      "可选值",
      "示例",
      "也可写作",
    ]);
    const education = help.getColumn(1).values.indexOf("学历");
    expect((help.getRow(education).values as unknown[]).slice(1, 4)).toEqual([
      "学历",
      "必填",
      "学历，填写下列之一",
    ]);
    expect(help.getRow(education).getCell(4).value).toContain("中专/中技/职高、大专、本科");
    // The ID number column is text, so Excel keeps all 18 digits of what the clerk types.
    expect(wb.getWorksheet("求职登记表")!.getColumn(2).numFmt).toBe("@");
  });

  it("CSV: UTF-8 with a byte-order mark, so Excel shows the Chinese headers", () => {
    const csv = templateCsv(FORMS["service-record"]);
    expect(csv.startsWith("\uFEFF源系统编号,公民身份号码,姓名,性别,联系电话,居住地行政区划,服务类型,")).toBe(
      true,
    );
  });
});

describe("reading an uploaded XLSX", () => {
  it("with a title row and Chinese headers: good rows' bodies exact, bad rows' cells named", async () => {
    const file = await workbookOf((wb) => {
      wb.addWorksheet("说明").addRow(["这张表不是数据"]);
      const s = wb.addWorksheet("求职登记表");
      s.addRow(["厦门市思明区求职登记表（2025年3月）"]);
      s.mergeCells("A1:J1");
      s.addRow([
        "公民身份号码",
        "姓名",
        "联系电话",
        "居住地行政区划",
        "学历",
        "从业年限",
        "人员类别",
        "居住地址",
        "求职专业（工种）",
        "登记日期",
      ]);
      const person = (id: string, education: string, registered: unknown) => [
        id,
        "陈明华",
        "13812341234",
        "350203001",
        education,
        3,
        "失业人员",
        "思明区湖滨南路 1 号",
        "电工、焊工",
        registered,
      ];
      s.addRow(person(ID, "大专", new Date(Date.UTC(2025, 2, 1))));
      s.addRow(person("350203199003071051", "本科", "2025/3/2"));
      s.addRow([]);
      s.addRow(person(ID, "大学学士", "2025-03-02"));
      s.addRow(person(ID, "初中", "2025-02-30"));
      s.addRow(person(ID, "本科", "2025年3月3日"));
    });
    const r = okReading(await readForm(file, { form: "job-seeker-registration", fileName: "求职登记.xlsx" }));
    expect(r.rowsRead).toBe(5);
    const body = (education: string, registeredOn: string) => ({
      person: { ...PERSON, divisionCode: "350203001" },
      education,
      yearsOfExperience: 3,
      category: "unemployed",
      residenceAddress: "思明区湖滨南路 1 号",
      wishes: { occupations: ["电工", "焊工"] },
      registeredOn,
    });
    expect(r.rows.map(({ row, kind, body }) => ({ row, kind, body }))).toEqual([
      { row: 3, kind: "job-seeker-registration", body: body("junior-college", "2025-03-01") },
      { row: 8, kind: "job-seeker-registration", body: body("bachelor", "2025-03-03") },
    ]);
    expect(r.errors.map(({ row, column, value }) => ({ row, column, value }))).toEqual([
      { row: 4, column: "公民身份号码", value: "3502**********1051" },
      { row: 6, column: "学历", value: "大学学士" },
      { row: 7, column: "登记日期", value: "2025-02-30" },
    ]);
    expect(r.errors.map((e) => e.reason)).toEqual([
      "身份证号码校验码（最后一位）不符，请检查是否录错",
      expect.stringContaining("「大学学士」不是可选的学历"),
      "日期 2025-02-30 不存在，请检查月和日",
    ]);
  });

  it("an ID number typed into a number cell is refused: Excel has dropped its last digits", async () => {
    const file = await workbookOf((wb) => {
      const s = wb.addWorksheet("台账");
      s.addRow(["身份证号码", "姓名", "居住地行政区划", "重点群体类别", "纳入日期", "信息来源"]);
      s.addRow([
        350203199003071000,
        "陈明华",
        "350203",
        "退役军人",
        new Date(Date.UTC(2025, 0, 2)),
        "退役军人事务部门",
      ]);
    });
    const r = okReading(await readForm(file, { form: "key-group-membership" }));
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, column: "公民身份号码" })]);
    expect(r.errors[0]!.reason).toContain("设为「文本」格式");
  });

  it("refuses a sheet with wrong headers, listing the required columns missing", async () => {
    const file = await workbookOf((wb) => {
      const s = wb.addWorksheet("Sheet1");
      s.addRow(["公民身份号码", "姓名", "电话", "地址"]);
      s.addRow([ID, "陈明华", "13812341234", "厦门"]);
    });
    const problem = problemOf(await readForm(file, { form: "service-record" }));
    expect(problem).toMatchObject({
      code: "missing-columns",
      row: 1,
      missing: ["居住地行政区划", "服务类型", "服务渠道"],
    });
    const elsewhere = await workbookOf((wb) => wb.addWorksheet("Sheet1").addRow(["a", "b"]));
    expect(problemOf(await readForm(elsewhere, { form: "service-record" })).code).toBe("no-header");
  });
});

describe("reading an uploaded CSV", () => {
  const header = "公民身份号码,姓名,居住地行政区划,服务类型,服务渠道,服务时间,备注\r\n";
  const line = `${ID},陈明华,思明区,职业指导,窗口,2025/3/1 9:30,"谈了求职方向,推荐了 2 个岗位"\r\n`;
  const expected = {
    person: { idNumber: ID, name: "陈明华", divisionCode: "350203" },
    serviceType: "career-guidance",
    channel: "desk",
    servedAt: "2025-03-01T09:30:00+08:00",
    note: "谈了求职方向,推荐了 2 个岗位",
  };

  it("UTF-8 with or without the byte-order mark, a quoted comma kept in its cell", async () => {
    for (const file of [utf8(header + line), bytes([0xef, 0xbb, 0xbf], header + line)]) {
      const r = okReading(await readForm(file, { form: "service-record" }));
      expect(r.rows).toEqual([expect.objectContaining({ row: 2, kind: "service-record", body: expected })]);
    }
  });

  it("GBK (Excel's 「CSV（逗号分隔）」) is refused at its first bad row and column, saying to save as CSV UTF-8", async () => {
    // 公民身份号码,姓名 in GBK: the whole file is GBK, so the header itself is the first bad text.
    const gbkHeader = [
      0xb9, 0xab, 0xc3, 0xf1, 0xc9, 0xed, 0xb7, 0xdd, 0xba, 0xc5, 0xc2, 0xeb, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb,
    ];
    const all = problemOf(await readForm(bytes(gbkHeader, "\r\n"), { form: "service-record" }));
    expect(all).toMatchObject({ code: "not-utf-8", row: 1, column: "A" });
    expect(all.message).toContain("CSV UTF-8");
    // A UTF-8 file with one name pasted in from a GBK system (陈明华 = b3c2 c3f7 bbaa): row 3, column B.
    const pasted = bytes(
      header,
      line,
      `${ID},`,
      [0xb3, 0xc2, 0xc3, 0xf7, 0xbb, 0xaa],
      ",思明区,职业指导,窗口,,\r\n",
    );
    const one = problemOf(await readForm(pasted, { form: "service-record" }));
    expect(one).toMatchObject({ code: "not-utf-8", row: 3, column: "姓名" });
    expect(one.message).toContain("第 3 行第 B 列（姓名）");
  });

  it("finds the first byte that is not UTF-8: overlong forms, surrogates and a cut sequence included", () => {
    expect(firstInvalidUtf8(utf8("姓名,陈明华"))).toBe(-1);
    expect(firstInvalidUtf8(bytes("ab", [0xe0, 0x80, 0x80]))).toBe(2);
    expect(firstInvalidUtf8(bytes("ab", [0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8(bytes("姓", [0xe5, 0x90]))).toBe(3);
    expect(firstInvalidUtf8(bytes([0xd0, 0xd5]))).toBe(0);
  });

  it("UTF-16 (Excel's 「Unicode 文本」) is refused with the same advice", async () => {
    const problem = problemOf(await readForm(bytes([0xff, 0xfe, 0x6c, 0x51]), { form: "service-record" }));
    expect(problem).toMatchObject({ code: "not-utf-8" });
    expect(problem.message).toContain("CSV UTF-8");
  });
});

describe("files that are not CSV or XLSX", () => {
  it("a PDF, an .xls (BIFF), a web page posing as .xls, a binary and a broken zip, whatever their name says", async () => {
    const cases: Array<[Uint8Array, string, string]> = [
      [bytes("%PDF-1.7\n%âãÏÓ\n"), "data.csv", "not-a-spreadsheet"],
      [bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "data.xlsx", "xls-not-supported"],
      [
        bytes("<html><body><table><tr><td>姓名</td></tr></table></body></html>"),
        "export.xls",
        "not-a-spreadsheet",
      ],
      [
        bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        "photo.csv",
        "not-a-spreadsheet",
      ],
      [bytes([0x50, 0x4b, 0x03, 0x04], "not really a zip"), "data.xlsx", "unreadable-xlsx"],
      [new Uint8Array(), "empty.csv", "no-rows"],
    ];
    for (const [file, fileName, code] of cases) {
      const problem = problemOf(await readForm(file, { form: "job-seeker-registration", fileName }));
      expect({ fileName, code: problem.code }).toEqual({ fileName, code });
      expect(problem.message).toMatch(/\p{Script=Han}/u);
    }
  });

  it("a file over the size limit is refused before it is read (the route answers 413)", async () => {
    expect(MAX_IMPORT_BYTES).toBe(20 * 1024 * 1024);
    const problem = problemOf(
      await readForm(utf8("公民身份号码,姓名\r\n".padEnd(2048, " ")), {
        form: "training-record",
        maxBytes: 1024,
      }),
    );
    expect(problem.code).toBe("too-large");
  });

  it("an XLSX that would unpack past the limit is refused before it is unpacked (a zip bomb)", async () => {
    const file = await templateXlsx(FORMS["training-record"]);
    expect(unpackedZipSize(file)).toBeGreaterThan(file.length);
    expect(unpackedZipSize(bytes([0x50, 0x4b, 0x03, 0x04], "cut short"))).toBeUndefined();
    const problem = problemOf(
      await readForm(file, { form: "training-record", maxUnpackedBytes: file.length }),
    );
    expect(problem).toMatchObject({ code: "too-large" });
    expect(problem.message).toContain("解压后");
  });
});

describe("the rejection report", () => {
  it("行号, 列, 值, 原因 by row, never a clear ID number, name or phone", async () => {
    const form = FORMS["job-seeker-registration"];
    const report = await rejectionReportXlsx(
      [
        { row: 7, column: "学历", value: "大学学士", reason: "「大学学士」不是可选的学历" },
        { row: 3, column: "身份证号", value: ID, reason: `身份证号码 ${ID} 已有求职登记` },
        { row: 4, column: "姓名", value: "陈明华", reason: "必填" },
        { row: 5, column: "手机号码", value: "13812341234", reason: "手机号码 13812341234 已被他人使用" },
        { row: 6, column: "本人简历", value: "联系我 13912345678", reason: "太长" },
        { row: 9, column: null, value: "", reason: "未满十六周岁" },
      ],
      { form },
    );
    const rows = await rowsOf(report);
    expect(rows).toEqual([
      ["行号", "列", "值", "原因"],
      [3, "身份证号", "3502**********105X", "身份证号码 3502**********105X 已有求职登记"],
      [4, "姓名", "陈**", "必填"],
      [5, "手机号码", "138****1234", "手机号码 138****1234 已被他人使用"],
      [6, "本人简历", "联系我 139****5678", "太长"],
      [7, "学历", "大学学士", "「大学学士」不是可选的学历"],
      [9, "（整行）", "", "未满十六周岁"],
    ]);
    const text = JSON.stringify(rows);
    for (const clear of [ID, "陈明华", "13812341234", "13912345678"]) expect(text).not.toContain(clear);
  });
});
