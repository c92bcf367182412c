import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, makeCreditCode, UnifiedSocialCreditCode } from "../src/index.js";

const VALID = makeCreditCode({ authority: "9", type: "1", division: "350200", organisation: "MA2Y3K4L5" });

describe("UnifiedSocialCreditCode", () => {
  it("computes the GB 32100 check character", () => {
    // Σ value × weight over 91350200MA2Y3K4L5 = 2636; 2636 mod 31 = 1; 31 − 1 = 30 → "Y" (index 30).
    expect(VALID).toBe("91350200MA2Y3K4L5Y");
    expect(UnifiedSocialCreditCode.parse(VALID)).toBe(VALID);
  });

  it.each([
    "91350100M000100Y43", // a published Fujian code, kept as a known-good fixture
    makeCreditCode({ authority: "5", type: "2", division: "350503", organisation: "0000000X0" }),
    makeCreditCode({ authority: "Y", type: "1", division: "350582", organisation: "123456789" }),
  ])("accepts %s", (code) => {
    expect(UnifiedSocialCreditCode.safeParse(code).success).toBe(true);
  });

  it("normalises case and spaces", () => {
    expect(UnifiedSocialCreditCode.parse(` ${VALID.toLowerCase()} `)).toBe(VALID);
  });

  it("maps a remainder of 0 to check character 0", () => {
    // Search a code whose sum is divisible by 31 and check the rule 31 → 0.
    const first17 = Array.from({ length: 1000 }, (_, i) => `91350200MA${String(i).padStart(7, "0")}`).find(
      (c) => creditCodeCheckChar(c) === "0",
    );
    expect(first17).toBeDefined();
  });

  const wrongCheck = `${VALID.slice(0, 17)}${VALID[17] === "1" ? "2" : "1"}`;
  it.each([
    ["wrong check character", wrongCheck, /does not match/],
    ["letter I", `91350200MA2I3K4L5${VALID[17]}`, /contains "I"/],
    ["letter O", `91350200MA2O3K4L5${VALID[17]}`, /contains "O"/],
    ["letter Z", `91350200MA2Z3K4L5${VALID[17]}`, /contains "Z"/],
    ["letter S", `91350200MA2S3K4L5${VALID[17]}`, /contains "S"/],
    ["letter V", `91350200MA2V3K4L5${VALID[17]}`, /contains "V"/],
    ["17 characters", VALID.slice(0, 17), /18 characters/],
    ["bad division", makeCreditCode({ division: "990000" }), /division code/],
  ])("rejects %s", (_, code, message) => {
    const result = UnifiedSocialCreditCode.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});
