import { describe, expect, it } from "vitest";
import { LANGUAGES, MESSAGES } from "../../src/console/i18n.js";
import { IndicatorRowSchema } from "../../src/routes/indicators/schema.js";

const REASON_CODES = IndicatorRowSchema.shape.reasonCode.unwrap().unwrap().options;

describe("the console's words", () => {
  it("say in each language why an indicator is not measurable, for every reason code of the API", () => {
    expect(REASON_CODES.length).toBeGreaterThan(0);
    for (const lang of LANGUAGES)
      for (const code of REASON_CODES)
        expect(MESSAGES[lang], `${lang} ${code}`).toHaveProperty(`reason.${code}`);
    for (const code of REASON_CODES) {
      const zh = MESSAGES["zh-CN"][`reason.${code}` as keyof (typeof MESSAGES)["zh-CN"]];
      expect(zh).toMatch(/\p{Script=Han}/u);
      expect(zh).not.toMatch(/[A-Za-z]{3}/);
    }
  });
});
