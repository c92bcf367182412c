import { describe, expect, it } from "vitest";
import { guardFormula, toCsv } from "../src/csv.js";

describe("toCsv: the platform's one CSV writer", () => {
  it("writes RFC 4180: CRLF after every record, Chinese text as is, empty cells for nothing, numbers as numbers", () => {
    expect(
      toCsv([
        ["姓名", "金额", "备注"],
        ["陈明", 450000, null],
        ["思明零工市场", -12.5, undefined],
      ]),
    ).toBe("姓名,金额,备注\r\n陈明,450000,\r\n思明零工市场,-12.5,\r\n");
  });

  it.each([
    ["a comma", "厦门市,思明区", '"厦门市,思明区"'],
    ["a quote, doubled", '他说"好"', '"他说""好"""'],
    ["a line feed", "第一行\n第二行", '"第一行\n第二行"'],
    ["a CRLF", "第一行\r\n第二行", '"第一行\r\n第二行"'],
    ["a lone CR", "a\rb", '"a\rb"'],
    ["nothing special", "湖滨南路 100 号", "湖滨南路 100 号"],
  ])("quotes a cell with %s", (_, cell, written) => {
    expect(toCsv([[cell, "x"]])).toBe(`${written},x\r\n`);
  });

  it.each([
    ["=", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["+", "+86 138 1234 1234", "'+86 138 1234 1234"],
    ["-", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@", "@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["a tab", "\t=1+1", "'\t=1+1"],
  ])(
    "guards a text cell starting with %s so a spreadsheet shows it rather than runs it",
    (_, cell, written) => {
      expect(guardFormula(cell)).toBe(written);
      expect(toCsv([[cell]])).toBe(`${written}\r\n`);
    },
  );

  it("guards a cell starting with CR, and quotes it for the line break", () => {
    expect(toCsv([["\r=1+1"]])).toBe(`"'\r=1+1"\r\n`);
  });

  it("guards and quotes together: the prefix goes inside the quotes", () => {
    expect(toCsv([['=HYPERLINK("http://x","点我")']])).toBe(`"'=HYPERLINK(""http://x"",""点我"")"\r\n`);
  });

  it("leaves text with a formula character elsewhere, and numbers (negative ones too), as they are", () => {
    expect(toCsv([["a=b", "1+1", "x@y.cn", -5, 0]])).toBe("a=b,1+1,x@y.cn,-5,0\r\n");
  });

  it("puts a UTF-8 byte-order mark first when asked, so Excel reads the Chinese as UTF-8", () => {
    expect(toCsv([["指标"]], { bom: true })).toBe("\uFEFF指标\r\n");
    expect(toCsv([["指标"]])).toBe("指标\r\n");
  });
});
