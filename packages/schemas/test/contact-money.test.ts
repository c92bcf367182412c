import { describe, expect, it } from "vitest";
import {
  fenToYuan,
  formatFen,
  Mobile,
  MoneyFen,
  maskMobile,
  maskName,
  PhoneNumber,
  yuanToFen,
} from "../src/index.js";

describe("Mobile", () => {
  it.each([
    ["13812341234", "13812341234"],
    ["+8613812341234", "13812341234"],
    ["+86 138 1234 1234", "13812341234"],
    ["0086-19912341234", "19912341234"],
  ])("accepts %s as %s", (input, output) => {
    expect(Mobile.parse(input)).toBe(output);
  });

  it.each(["12812341234", "1381234123", "138123412345", "23812341234", "0592-5551234", "1".repeat(40)])(
    "rejects %s",
    (input) => {
      expect(Mobile.safeParse(input).success).toBe(false);
    },
  );

  it("masks the middle four digits", () => {
    expect(maskMobile("13812341234")).toBe("138****1234");
    expect(maskMobile("+86 138 1234 1234")).toBe("138****1234");
  });

  it("PhoneNumber also takes landlines", () => {
    expect(PhoneNumber.safeParse("0592-5551234").success).toBe(true);
    expect(PhoneNumber.safeParse("059125551234").success).toBe(true);
    expect(PhoneNumber.safeParse("5551234").success).toBe(false);
  });
});

describe("maskName", () => {
  it.each([
    ["张三", "张*"],
    ["张三丰", "张**"],
    ["欧阳娜娜", "欧***"],
    ["李", "李*"],
  ])("%s → %s", (name, masked) => expect(maskName(name)).toBe(masked));
});

describe("money", () => {
  it("converts yuan to fen exactly", () => {
    expect(yuanToFen(1000)).toBe(100_000);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen("12.3")).toBe(1230);
    expect(yuanToFen("0.07")).toBe(7);
    expect(() => yuanToFen(1.234)).toThrow();
    expect(() => yuanToFen(-1)).toThrow();
    expect(() => yuanToFen("1.234")).toThrow();
  });

  it("converts back and formats", () => {
    expect(fenToYuan(123_456)).toBe(1234.56);
    expect(formatFen(123_456)).toBe("1234.56");
    expect(formatFen(5)).toBe("0.05");
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN, "100"])("MoneyFen rejects %s", (v) => {
    expect(MoneyFen.safeParse(v).success).toBe(false);
  });
});
