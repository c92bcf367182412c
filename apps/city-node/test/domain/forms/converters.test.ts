import { describe, expect, it } from "vitest";
import type { Converted } from "../../../src/domain/forms/cells.js";
import * as to from "../../../src/domain/forms/converters.js";
import { EDUCATION, KEY_GROUP, label, SERVICE_TYPE } from "../../../src/domain/forms/labels.js";

const value = <T>(r: Converted<T>) => {
  if (!r.ok) throw new Error(`expected a value, got: ${r.reason}`);
  return r.value;
};
const reason = (r: Converted<unknown>) => {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.reason;
};

describe("form cell converters", () => {
  it("dates: ISO, slashes, 年月日, compact, an Excel date cell and a serial day number", () => {
    expect(value(to.date("2025-03-01"))).toBe("2025-03-01");
    expect(value(to.date("2025/3/1"))).toBe("2025-03-01");
    expect(value(to.date("2025年3月1日"))).toBe("2025-03-01");
    expect(value(to.date("2025.03.01"))).toBe("2025-03-01");
    expect(value(to.date("20250301"))).toBe("2025-03-01");
    expect(value(to.date("2025/3/1 0:00"))).toBe("2025-03-01");
    expect(value(to.date(new Date(Date.UTC(2025, 2, 1))))).toBe("2025-03-01");
    expect(value(to.date(45717))).toBe("2025-03-01");
    expect(value(to.date("45717"))).toBe("2025-03-01");
    expect(reason(to.date("2025-02-30"))).toContain("不存在");
    expect(reason(to.date("3/1/2025"))).toContain("2025-03-01");
    expect(reason(to.date(true))).toContain("日期");
  });

  it("a service time is China time with its offset; a day alone is its start", () => {
    expect(value(to.chinaDateTime("2025-03-01 09:30"))).toBe("2025-03-01T09:30:00+08:00");
    expect(value(to.chinaDateTime("2025/3/1"))).toBe("2025-03-01T00:00:00+08:00");
    expect(value(to.chinaDateTime(new Date(Date.UTC(2025, 2, 1, 14, 5))))).toBe("2025-03-01T14:05:00+08:00");
    expect(value(to.chinaDateTime("2025-03-01T09:30:00Z"))).toBe("2025-03-01T09:30:00Z");
    expect(reason(to.chinaDateTime("2025-03-01 25:00"))).toContain("时间");
  });

  it("是/否 and the other ways of saying it", () => {
    for (const yes of ["是", "有", "Y", "1", "√", true]) expect(value(to.yesNo(yes))).toBe(true);
    for (const no of ["否", "无", "N", "0", "×", false]) expect(value(to.yesNo(no))).toBe(false);
    expect(reason(to.yesNo("也许"))).toBe("应填写「是」或「否」");
  });

  it("labels: the contract's, each half of a slashed one, the bare one of a bracketed one, and aliases", () => {
    const education = label(EDUCATION);
    expect(value(education("本科"))).toBe("bachelor");
    expect(value(education("大学本科"))).toBe("bachelor");
    expect(value(education(" 中技 "))).toBe("vocational-secondary");
    expect(value(education("bachelor"))).toBe("bachelor");
    expect(reason(education("大学学士"))).toBe(
      "「大学学士」不是可选的学历；可选：小学以下、小学、初中、普通高中、中专/中技/职高、大专、本科、硕士研究生、博士研究生",
    );
    expect(value(label(KEY_GROUP)("高校毕业生"))).toBe("college-graduate");
    expect(value(label(KEY_GROUP)("农民工"))).toBe("rural-migrant");
    expect(value(label(SERVICE_TYPE)("政策经办"))).toBe("policy-handling");
    expect(value(label(SERVICE_TYPE)("政策经办（补贴、待遇的申领与经办）"))).toBe("policy-handling");
  });

  it("an ID number: normalised, and why not in Chinese, an Excel number that lost its digits included", () => {
    expect(value(to.residentId(" 35020319900307105x "))).toBe("35020319900307105X");
    expect(value(to.residentId("３５０２０３１９９００３０７１０５Ｘ"))).toBe("35020319900307105X");
    expect(value(to.residentId("'35020319900307105X"))).toBe("35020319900307105X");
    expect(reason(to.residentId("350203199003071051"))).toContain("校验码");
    expect(reason(to.residentId("3502031990030710"))).toBe("身份证号码应为 18 位，这里是 16 位");
    expect(reason(to.residentId("350203199002301050"))).toContain("出生日期");
    // What Excel keeps of an ID number typed into a number cell: 15 significant digits.
    expect(reason(to.residentId(350203199003071000))).toContain("设为「文本」格式");
    expect(reason(to.residentId("3.50203E+17"))).toContain("设为「文本」格式");
  });

  it("phones, credit codes, divisions and industries", () => {
    expect(value(to.mobile("+86 138-1234-1234"))).toBe("13812341234");
    expect(value(to.mobile(13812341234))).toBe("13812341234");
    expect(reason(to.mobile("0592-1234567"))).toContain("11 位");
    expect(value(to.phone("0592-5551234"))).toBe("0592-5551234");
    expect(value(to.creditCode("91350200ma2y3k4l5y"))).toBe("91350200MA2Y3K4L5Y");
    expect(reason(to.creditCode("91350200MA2Y3K4L5X"))).toContain("校验码");
    expect(value(to.divisionCode("思明区"))).toBe("350203");
    expect(value(to.divisionCode(350203001))).toBe("350203001");
    expect(reason(to.divisionCode("350299"))).toContain("不是有效的行政区划代码");
    expect(reason(to.divisionCode("某某街道"))).toContain("行政区划代码");
    expect(value(to.industry("制造业"))).toBe("C");
    expect(value(to.industry("c3911"))).toBe("C3911");
    expect(value(to.industry("G 交通运输、仓储和邮政业"))).toBe("G");
    expect(reason(to.industry("物流"))).toContain("GB/T 4754");
  });

  it("numbers, money in yuan to fen, ranges and lists", () => {
    expect(value(to.integer("年")("5年"))).toBe(5);
    expect(reason(to.integer("年")("5.5"))).toContain("整数");
    expect(value(to.yuan("4,500.50元"))).toBe(450050);
    expect(value(to.yuan(4500))).toBe(450000);
    expect(reason(to.yuan("4500.555"))).toContain("两位小数");
    const pay = to.range(to.yuan, ["min", "max"], "min");
    expect(value(pay("4000-6000"))).toEqual({ min: 400000, max: 600000 });
    expect(value(pay("4000～6000"))).toEqual({ min: 400000, max: 600000 });
    expect(value(pay("4000以上"))).toEqual({ min: 400000 });
    expect(value(pay("6000以下"))).toEqual({ max: 600000 });
    expect(value(pay("5000"))).toEqual({ min: 500000 });
    expect(value(to.range(to.yuan, ["min", "max"], "both")(5000))).toEqual({ min: 500000, max: 500000 });
    expect(value(pay("面议"))).toEqual({});
    expect(reason(pay("4000-很多"))).toContain("上限");
    expect(value(to.list(label(KEY_GROUP))("退役军人、残疾人;脱贫劳动力"))).toEqual([
      "veteran",
      "disabled",
      "poverty-alleviated",
    ]);
    expect(reason(to.list(label(KEY_GROUP))("退役军人、外星人"))).toContain("「外星人」");
  });
});
