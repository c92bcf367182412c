import { describe, expect, it } from "vitest";
import {
  CloudEventAttributes,
  freeText,
  JobSeekerRegistration,
  PersonName,
  PhoneNumber,
  SINGLE_LINE_TEXT,
  singleLine,
  text,
} from "../src/index.js";
import { sampleRecord } from "../src/samples.js";

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const hex = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

describe("text: one line, no control characters, no lone surrogates", () => {
  const name = text(100, "The name");

  it.each(C0.map((ch) => [hex(ch), ch]))("refuses %s inside the text", (_, ch) => {
    const result = name.safeParse(`陈${ch}明`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/control characters/);
  });

  it("refuses DEL (U+007F)", () => {
    expect(name.safeParse("陈\u007f明").success).toBe(false);
  });

  it.each([
    ["a lone high surrogate", "陈\ud842"],
    ["a lone high surrogate at the end", "明\ud842"],
    ["a lone low surrogate", "\udc00陈"],
    ["a low surrogate before its high one", "\udfb7\ud842"],
  ])("refuses %s", (_, value) => {
    expect(name.safeParse(value).success).toBe(false);
  });

  it.each([
    ["CJK", "厦门鹭岛家政服务有限公司"],
    ["a surrogate pair (CJK extension B)", "𠀀𠮷"],
    ["an emoji", "家政 👍"],
    ["Latin-1 and punctuation", "Café · 100 号 (A-1)"],
  ])("accepts %s", (_, value) => {
    expect(name.parse(value)).toBe(value);
  });

  it("trims surrounding whitespace (tab and newline at the ends are only whitespace)", () => {
    expect(name.parse("\t陈明\n")).toBe("陈明");
  });
});

describe("freeText: tab and newline, nothing else", () => {
  const note = freeText(500, "The note");

  it("accepts tab and newline inside", () => {
    expect(note.parse("第一行\n第二行\t完")).toBe("第一行\n第二行\t完");
  });

  it.each(C0.filter((ch) => ch !== "\t" && ch !== "\n").map((ch) => [hex(ch), ch]))("refuses %s", (_, ch) => {
    const result = note.safeParse(`第一行${ch}第二行`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/other than tab and newline/);
  });

  it.each([
    ["DEL", "a\u007fb"],
    ["a lone high surrogate", "a\ud800b"],
    ["a lone low surrogate", "a\udc00b"],
  ])("refuses %s", (_, value) => {
    expect(note.safeParse(value).success).toBe(false);
  });

  it("accepts surrogate pairs", () => {
    expect(note.parse("𠀀\n👍")).toBe("𠀀\n👍");
  });
});

describe("the contract's values and records", () => {
  it("single-line values refuse tab and newline inside", () => {
    expect(text(50).safeParse("a\tb").success).toBe(false);
    expect(text(50).safeParse("a\nb").success).toBe(false);
    expect(PersonName.safeParse("陈\n明").success).toBe(false);
    expect(PersonName.safeParse("陈\u0000明").success).toBe(false);
    expect(PersonName.safeParse("陈\ud800").success).toBe(false);
    expect(PersonName.parse("𠮷明")).toBe("𠮷明");
  });

  it("a phone number refuses a newline its digits would otherwise hide", () => {
    expect(PhoneNumber.safeParse("138\n12341234").success).toBe(false);
    expect(PhoneNumber.parse("0592-1234567")).toBe("0592-1234567");
  });

  it("CloudEvents attributes refuse control characters", () => {
    expect(singleLine().safeParse("a\u0000").success).toBe(false);
    const attrs = {
      id: "x",
      source: "/city/350200",
      type: "t",
      specversion: "1.0",
      time: "2025-01-01T00:00:00Z",
      datacontenttype: "application/json",
    };
    expect(CloudEventAttributes.safeParse(attrs).success).toBe(true);
    expect(CloudEventAttributes.safeParse({ ...attrs, subject: "pk\u0000" }).success).toBe(false);
  });

  it("a record refuses NUL in a field, with the field's path; its résumé keeps newlines", () => {
    const valid = sampleRecord("job-seeker-registration");
    const bad = JobSeekerRegistration.safeParse({ ...valid, residenceAddress: "思明区\u0000湖滨南路" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["residenceAddress"]);
    const resume = JobSeekerRegistration.safeParse({ ...valid, resume: "2019–2024 厦门\n保洁" });
    expect(resume.success, JSON.stringify(resume.error?.issues)).toBe(true);
  });

  it("every string the pattern accepts is well-formed UTF-16 without C0 or DEL", () => {
    for (const s of ["", "a", "𠀀", "a\ud800", "\udc00", "\u0000", "\u007f", "\u0080"]) {
      const ok = SINGLE_LINE_TEXT.test(s);
      const wellFormed = (s as unknown as { isWellFormed(): boolean }).isWellFormed();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
      expect(ok).toBe(wellFormed && !/[\u0000-\u001f\u007f]/.test(s));
    }
  });
});
