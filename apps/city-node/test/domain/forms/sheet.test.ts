import { describe, expect, it } from "vitest";
import {
  type CellValue,
  cellErrorOfField,
  columnLetter,
  columnOfPath,
  FORMS,
  type FormReading,
  readSheet,
  type SheetRow,
} from "../../../src/domain/forms/index.js";

const JOB_SEEKER = FORMS["job-seeker-registration"];
const VACANCY = FORMS["vacancy-registration"];
const EMPLOYMENT = FORMS["employment-registration"];

const ID = "35020319900307105X";
const ID_WOMAN = "350203199205120024";

const sheet = (...rows: CellValue[][]): SheetRow[] => rows.map((cells, i) => ({ row: i + 1, cells }));
const read = (rows: SheetRow[], maxRows = 100) => readSheet(JOB_SEEKER, rows, { maxRows });
const okReading = (r: FormReading) => {
  if (!r.ok) throw new Error(`refused: ${r.problem.message}`);
  return r;
};
const problemOf = (r: FormReading) => {
  if (r.ok) throw new Error("expected the file to be refused");
  return r.problem;
};

// The required columns of 求职登记表, in the words of a bureau's own ledger (aliases, marks, brackets).
const HEADER = [
  "*身份证号",
  "姓名",
  "性别",
  "手机号码",
  "行政区划代码",
  "文化程度",
  "从业年限",
  "人员类别",
  "居住地址",
  "求职工种",
];
const row = (id: string, overrides: Record<number, CellValue> = {}): CellValue[] =>
  Object.assign(
    [
      id,
      "陈明华",
      "男",
      "13812341234",
      "思明区",
      "大学本科",
      "5年",
      "失业人员",
      "厦门市思明区湖滨南路 100 号",
      "仓储管理员",
    ],
    overrides,
  );

describe("reading a form's sheet", () => {
  it("finds the header under a title row and reads each row into the desk body", () => {
    const r = okReading(
      read(
        sheet(["求职登记表"], [], HEADER, row(ID), [null, "", "  "], row(ID_WOMAN, { 1: "林秀英", 2: "女" })),
      ),
    );
    expect(r.rowsRead).toBe(2);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.row)).toEqual([4, 6]);
    expect(r.rows[0]).toMatchObject({ kind: "job-seeker-registration" });
    expect(r.rows[0]!.body).toEqual({
      person: { idNumber: ID, name: "陈明华", phone: "13812341234", divisionCode: "350203" },
      education: "bachelor",
      yearsOfExperience: 5,
      category: "unemployed",
      residenceAddress: "厦门市思明区湖滨南路 100 号",
      wishes: { occupations: ["仓储管理员"] },
    });
    expect(r.rows[1]!.shown).toMatchObject({
      公民身份号码: "3502**********0024",
      姓名: "林**",
      联系电话: "138****1234",
    });
  });

  it("reports every bad cell of a row by row and header, masked, and takes none of the row", () => {
    const r = okReading(
      read(sheet(HEADER, row("350203199003071051", { 2: "女", 5: "大学学士" }), row(ID, { 8: "" }))),
    );
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      {
        row: 2,
        column: "公民身份号码",
        value: "3502**********1051",
        reason: "身份证号码校验码（最后一位）不符，请检查是否录错",
        path: "person.idNumber",
      },
      expect.objectContaining({ row: 2, column: "学历", value: "大学学士", path: "education" }),
      { row: 3, column: "居住地址", value: "", reason: "必填，不能为空", path: "residenceAddress" },
    ]);
    const sexChecked = okReading(read(sheet(HEADER, row(ID, { 2: "女" }))));
    expect(sexChecked.errors).toEqual([
      { row: 2, column: "性别", value: "女", reason: "性别与身份证号码（第 17 位）不符" },
    ]);
  });

  it("warns of unknown headers and ignores them; 年龄 and 序号 are known and not imported", () => {
    const r = okReading(
      read(
        sheet(
          ["序号", ...HEADER, "年龄", "籍贯"],
          [1, ...row(ID), "35", "福建"],
          [2],
          [3, null, null, null, null, null, null, null, null, null, null, "", "厦门"],
        ),
      ),
    );
    expect(r.warnings).toEqual([{ row: 1, column: "籍贯", message: "未识别的列「籍贯」（M 列）已忽略" }]);
    // Blank ledger lines keep their 序号 and an unknown column's text: not data.
    expect(r.rowsRead).toBe(1);
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.rows[0]!.body).sort()).toEqual([
      "category",
      "education",
      "person",
      "residenceAddress",
      "wishes",
      "yearsOfExperience",
    ]);
  });

  it("refuses a sheet without the form's header, with a required column missing or one named twice", () => {
    expect(problemOf(read(sheet(["编号", "名称"], ["1", "x"]))).code).toBe("no-header");
    const missing = problemOf(
      read(
        sheet(
          HEADER.filter((h) => h !== "人员类别" && h !== "居住地址"),
          [],
        ),
      ),
    );
    expect(missing).toMatchObject({ code: "missing-columns", row: 1, missing: ["人员类别", "居住地址"] });
    expect(missing.message).toBe("第 1 行表头缺少必填列：人员类别、居住地址");
    const twice = problemOf(read(sheet([...HEADER, "公民身份号码"], row(ID))));
    expect(twice).toMatchObject({ code: "duplicate-column", column: "公民身份号码" });
    expect(twice.message).toContain("K 列");
  });

  it("refuses more data rows than the limit and a header with nothing under it", () => {
    expect(problemOf(read(sheet(HEADER, row(ID), row(ID), row(ID)), 2))).toMatchObject({
      code: "too-many-rows",
    });
    expect(problemOf(read(sheet(HEADER, [])))).toMatchObject({ code: "no-rows", row: 1 });
  });

  it("names spreadsheet columns as Excel does", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
});

describe("a body field the intake refused, back at its cell", () => {
  it("finds the column filling the path or the object holding it", () => {
    expect(columnOfPath(JOB_SEEKER, "person.idNumber")?.header).toBe("公民身份号码");
    expect(columnOfPath(JOB_SEEKER, ["wishes", "occupations", 2])?.header).toBe("求职专业（工种）");
    expect(columnOfPath(JOB_SEEKER, "wishes.monthlyPayMaxFen")?.header).toBe("月薪要求（元）");
    expect(columnOfPath(VACANCY, "positions.0.pay.monthlyMaxFen")?.header).toBe("月薪（元）");
    expect(columnOfPath(VACANCY, "positions.0.pay.housing")?.header).toBe("住宿");
    expect(columnOfPath(VACANCY, "positions.0.requirements.ageMax")?.header).toBe("年龄要求");
    expect(columnOfPath(EMPLOYMENT, "unit")?.header).toBe("单位名称");
    expect(columnOfPath(JOB_SEEKER, "(root)")).toBeUndefined();
    expect(columnOfPath(JOB_SEEKER, "nothing.here")).toBeUndefined();
  });

  it("gives row, column, the masked value typed and a Chinese reason", () => {
    const [good] = okReading(read(sheet(HEADER, row(ID)))).rows;
    expect(
      cellErrorOfField(JOB_SEEKER, good!, {
        path: "person.idNumber",
        message: "The person has an active job-seeker registration; close it before registering again",
      }),
    ).toEqual({
      row: 2,
      column: "公民身份号码",
      value: "3502**********105X",
      reason:
        "不符合规则（The person has an active job-seeker registration; close it before registering again）",
      path: "person.idNumber",
    });
    expect(
      cellErrorOfField(JOB_SEEKER, good!, {
        path: ["residenceAddress"],
        message: "too long",
        code: "too_big",
      }),
    ).toMatchObject({ column: "居住地址", reason: "太大或太长（too long）" });
    expect(cellErrorOfField(JOB_SEEKER, good!, { path: "", message: "未满十六周岁" })).toEqual({
      row: 2,
      column: null,
      value: "",
      reason: "未满十六周岁",
    });
    expect(
      cellErrorOfField(JOB_SEEKER, good!, { path: "person", message: `${ID} is registered elsewhere` })
        .reason,
    ).not.toContain(ID);
  });
});
