import { isCalendarDate, PROVINCE_PREFIXES } from "@pes/core";
import {
  creditCodeProblem,
  divisionCodeProblem,
  FUJIAN_DIVISIONS,
  INDUSTRY_SECTIONS,
  normaliseMobile,
  PhoneNumber,
  residentIdCheckChar,
  yuanToFen,
} from "@pes/schemas";
import {
  type CellValue,
  type Converted,
  type Converter,
  dateOfCell,
  fail,
  halfWidth,
  ok,
  pad2,
} from "./cells.js";

/** Text as typed; numbers become their digits (a cell formatted as a number). */
export const text: Converter<string> = (cell) => {
  if (cell instanceof Date) return fail("应为文字，这里是日期");
  if (typeof cell === "boolean") return fail("应为文字");
  return ok(String(cell).trim());
};

/** Text with full-width letters and digits made ASCII and spaces dropped: codes and numbers people copy. */
// A leading apostrophe is how a clerk forces Excel to keep a number as text ('35020319900307105X).
const codeText = (cell: CellValue): string =>
  halfWidth(String(cell))
    .replace(/\s/g, "")
    .replace(/^['‘’]/, "");

const SCIENTIFIC = /^\d(\.\d+)?E\+\d+$/i;
const LOST_DIGITS =
  "被存成了数字，末尾几位已丢失（Excel 只保留 15 位有效数字）：请把这一列设为「文本」格式后重新填写";

/** 公民身份号码 (GB 11643): 18 characters with its check character, upper-cased; why not, in Chinese. */
export const residentId: Converter<string> = (cell) => {
  if (typeof cell === "number") {
    return cell > Number.MAX_SAFE_INTEGER ? fail(`身份证号码${LOST_DIGITS}`) : fail("身份证号码应为 18 位");
  }
  if (cell instanceof Date || typeof cell === "boolean") return fail("应填写 18 位身份证号码");
  const id = codeText(cell).toUpperCase();
  if (SCIENTIFIC.test(id)) return fail(`身份证号码${LOST_DIGITS}`);
  const problem = residentIdProblemZh(id);
  return problem ? fail(problem) : ok(id);
};

function residentIdProblemZh(id: string): string | undefined {
  if (id.length !== 18) return `身份证号码应为 18 位，这里是 ${id.length} 位`;
  if (!/^\d{17}[\dX]$/.test(id)) return "身份证号码应为 17 位数字加 1 位数字或 X";
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) return "身份证号码前两位不是省级行政区划代码";
  if (!isCalendarDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`)) {
    return "身份证号码第 7–14 位的出生日期不存在";
  }
  if (residentIdCheckChar(id) !== id[17]) return "身份证号码校验码（最后一位）不符，请检查是否录错";
  return undefined;
}

/** 手机号码: 11 digits from 13–19; spaces, hyphens and +86 dropped. */
export const mobile: Converter<string> = (cell) => {
  if (cell instanceof Date || typeof cell === "boolean") return fail("应填写 11 位手机号码");
  const m = normaliseMobile(codeText(cell));
  return /^1[3-9]\d{9}$/.test(m) ? ok(m) : fail("手机号码应为 11 位数字，以 13–19 开头，如 13812341234");
};

/** 联系电话 of an employer: a mobile or a landline with its area code. */
export const phone: Converter<string> = (cell) => {
  if (cell instanceof Date || typeof cell === "boolean") return fail("应填写电话号码");
  const value = halfWidth(String(cell)).trim();
  return PhoneNumber.safeParse(value).success
    ? ok(value)
    : fail("联系电话应为手机号码（13812341234）或带区号的固定电话（0592-1234567）");
};

/** 统一社会信用代码 (GB 32100), upper-cased. */
export const creditCode: Converter<string> = (cell) => {
  if (typeof cell !== "string") return fail("统一社会信用代码应为 18 位数字和大写字母");
  const code = codeText(cell).toUpperCase();
  const problem = creditCodeProblem(code);
  if (!problem) return ok(code);
  return fail(
    problem.includes("校验码")
      ? "统一社会信用代码校验码（最后一位）不符，请检查是否录错"
      : "统一社会信用代码无效：应为 18 位数字和大写字母（不含 I、O、Z、S、V），第 3–8 位为登记机关行政区划代码",
  );
};

const DIVISION_OF_NAME: ReadonlyMap<string, string> = (() => {
  const byName = new Map<string, string[]>();
  for (const [code, name] of Object.entries(FUJIAN_DIVISIONS))
    byName.set(name, [...(byName.get(name) ?? []), code]);
  // A name that two divisions share (none in Fujian today) must be written as a code.
  return new Map(
    [...byName].filter(([, codes]) => codes.length === 1).map(([name, [code]]) => [name, code!]),
  );
})();

/** 行政区划代码 (GB/T 2260): 6, 9 or 12 digits, or the name of a Fujian city or district (思明区 → 350203). */
export const divisionCode: Converter<string> = (cell) => {
  if (cell instanceof Date || typeof cell === "boolean") return fail("应填写行政区划代码，如 350203");
  const value = codeText(cell);
  const byName = DIVISION_OF_NAME.get(value);
  if (byName) return ok(byName);
  if (!/^\d+$/.test(value)) {
    return fail("应填写行政区划代码（6、9 或 12 位数字，如 350203），或福建省内的市、县区名称（如 思明区）");
  }
  return divisionCodeProblem(value) === undefined
    ? ok(value)
    : fail("不是有效的行政区划代码：应为 6 位（县区）、9 位（街道乡镇）或 12 位（社区村）");
};

const INDUSTRY_CODE = /^([A-T])(\d{2}(\d{1,2})?)?$/;
const SECTION_OF_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(INDUSTRY_SECTIONS).map(([code, name]) => [name, code]),
);

/** 所属行业 (GB/T 4754): a section letter with its class (C3911), or the section's name (制造业 → C). */
export const industry: Converter<string> = (cell) => {
  const value = codeText(cell ?? "").toUpperCase();
  if (INDUSTRY_CODE.test(value)) return ok(value);
  const named = SECTION_OF_NAME.get(String(cell).trim());
  if (named) return ok(named);
  // "C 制造业", "C-制造业": the code the clerk copied along with its name.
  const lead = /^([A-T](\d{2}(\d{1,2})?)?)[-—:：、.]?\p{Script=Han}/u.exec(value);
  if (lead?.[1]) return ok(lead[1]);
  return fail(
    "所属行业应为国民经济行业分类（GB/T 4754）门类字母或代码（如 C、C3911），或门类名称（如 制造业）",
  );
};

const INTEGER_TEXT = /^-?\d+$/;

/** A whole number; a unit after it (3年, 5人, 35岁) is allowed. */
export function integer(unit = ""): Converter<number> {
  const units = new RegExp(`[${unit}]+$`, "u");
  return (cell) => {
    if (typeof cell === "number") return Number.isInteger(cell) ? ok(cell) : fail("应为整数");
    if (typeof cell !== "string") return fail("应为整数");
    const value = codeText(cell).replace(unit ? units : /$^/, "");
    return INTEGER_TEXT.test(value)
      ? ok(Number(value))
      : fail(`应为整数${unit ? `，如 3 或 3${unit[0]}` : ""}`);
  };
}

/** A number that may have decimals (hours per week: 37.5). */
export function decimal(unit = ""): Converter<number> {
  const units = new RegExp(`[${unit}]+$`, "u");
  return (cell) => {
    if (typeof cell === "number") return Number.isFinite(cell) ? ok(cell) : fail("应为数字");
    if (typeof cell !== "string") return fail("应为数字");
    const value = codeText(cell).replace(unit ? units : /$^/, "");
    return /^\d+(\.\d+)?$/.test(value) ? ok(Number(value)) : fail("应为数字，如 40 或 37.5");
  };
}

const YUAN_DECORATION = /[,，¥￥元\s]/g;

/** An amount in yuan (4500, 4,500.50, ￥4500元) → fen, the contract's unit. */
export const yuan: Converter<number> = (cell) => {
  if (cell instanceof Date || typeof cell === "boolean" || cell === null) return fail("应为金额（元）");
  try {
    return ok(
      typeof cell === "number" ? yuanToFen(cell) : yuanToFen(codeText(cell).replace(YUAN_DECORATION, "")),
    );
  } catch {
    return fail("金额应以元为单位，最多两位小数，如 4500 或 4500.50");
  }
};

const RANGE_SEPARATOR = /\s*(?:-|~|～|—|–|至|到)\s*/;

/**
 * A range as forms write it: 4000-6000, 18~35, 4000以上 (from), 6000以下 (up to), or one number,
 * which is the lower end (`single: "min"`, as in 月薪要求) or both ends (`single: "both"`, a set pay).
 * 面议 (to be agreed) leaves both ends open. The value is an object merged into the column's path.
 */
export function range(
  end: Converter<number>,
  [minKey, maxKey]: readonly [string, string],
  single: "min" | "both",
): Converter<Record<string, number>> {
  const endOf = (part: string, which: string): Converted<number> => {
    const r = end(part);
    return r.ok ? r : fail(`${which}${r.reason}`);
  };
  return (cell) => {
    if (typeof cell === "number") {
      const r = end(cell);
      if (!r.ok) return r;
      return ok(single === "both" ? { [minKey]: r.value, [maxKey]: r.value } : { [minKey]: r.value });
    }
    if (typeof cell !== "string") return fail("应为范围，如 4000-6000");
    const value = halfWidth(cell).trim();
    if (value === "面议" || value === "不限") return ok({});
    const above = /^(.+?)(?:以上|及以上|起)$/.exec(value);
    if (above) {
      const r = endOf(above[1]!, "下限");
      return r.ok ? ok({ [minKey]: r.value }) : r;
    }
    const below = /^(.+?)(?:以下|及以下|以内)$/.exec(value);
    if (below) {
      const r = endOf(below[1]!, "上限");
      return r.ok ? ok({ [maxKey]: r.value }) : r;
    }
    const parts = value.split(RANGE_SEPARATOR);
    if (parts.length === 2) {
      const [low, high] = [endOf(parts[0]!, "下限"), endOf(parts[1]!, "上限")];
      if (!low.ok) return low;
      if (!high.ok) return high;
      return ok({ [minKey]: low.value, [maxKey]: high.value });
    }
    const r = end(value);
    if (!r.ok) return fail(`应写作 4000-6000、4000以上、6000以下或一个数（${r.reason}）`);
    return ok(single === "both" ? { [minKey]: r.value, [maxKey]: r.value } : { [minKey]: r.value });
  };
}

const TRUE_WORDS = new Set(["是", "有", "y", "yes", "true", "1", "√", "✓"]);
const FALSE_WORDS = new Set(["否", "无", "没有", "n", "no", "false", "0", "×", "✗"]);

/** 是/否 (also 有/无, Y/N, 1/0, √/×, an Excel TRUE/FALSE). */
export const yesNo: Converter<boolean> = (cell) => {
  if (typeof cell === "boolean") return ok(cell);
  const word = halfWidth(String(cell)).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail("应填写「是」或「否」");
};

// Excel's day 0 of the 1900 date system, as the serials after 1900-03-01 count (its 1900-02-29 skipped).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const SERIAL_RANGE = [61, 2_958_465] as const;
const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_FORMATS = "日期应写作 2025-03-01、2025/3/1 或 2025年3月1日";

interface WallClock {
  date: string;
  time?: string;
}

function wallClockOf(cell: CellValue): Converted<WallClock> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return fail(DATE_FORMATS);
    const time = `${pad2(cell.getUTCHours())}:${pad2(cell.getUTCMinutes())}:${pad2(cell.getUTCSeconds())}`;
    return ok({ date: dateOfCell(cell), time });
  }
  if (typeof cell === "number" || (typeof cell === "string" && /^\d{5}(\.\d+)?$/.test(cell.trim()))) {
    // A date cell left as General shows Excel's serial day number (45717 is 2025-03-01).
    const serial = Number(cell);
    if (serial < SERIAL_RANGE[0] || serial > SERIAL_RANGE[1]) return fail(DATE_FORMATS);
    return wallClockOf(new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS)));
  }
  if (typeof cell !== "string") return fail(DATE_FORMATS);
  const value = halfWidth(cell).trim();
  const m = DATE_TEXT.exec(value) ?? COMPACT_DATE.exec(value);
  if (!m) return fail(DATE_FORMATS);
  const date = `${m[1]}-${pad2(Number(m[2]))}-${pad2(Number(m[3]))}`;
  if (!isCalendarDate(date)) return fail(`日期 ${date} 不存在，请检查月和日`);
  if (m[4] === undefined) return ok({ date });
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return fail("时间应写作 09:30 或 09:30:00");
  return ok({ date, time: `${pad2(h)}:${pad2(min)}:${pad2(s)}` });
}

/** A calendar day → YYYY-MM-DD; a time after it (2025/3/1 0:00, as Excel writes a date into CSV) is dropped. */
export const date: Converter<string> = (cell) => {
  const r = wallClockOf(cell);
  return r.ok ? ok(r.value.date) : r;
};

/**
 * An instant in China time (UTC+8) → ISO 8601 with its offset; a day alone is its start (00:00).
 * An ISO timestamp with an offset is taken as written.
 */
export const chinaDateTime: Converter<string> = (cell) => {
  if (
    typeof cell === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(cell.trim())
  ) {
    return ok(cell.trim());
  }
  const r = wallClockOf(cell);
  if (!r.ok) return fail(`${r.reason}，可带时间，如 2025-03-01 09:30`);
  return ok(`${r.value.date}T${r.value.time ?? "00:00:00"}+08:00`);
};

const LIST_SEPARATOR = /[、，,；;\n]+/;

/** Several values in one cell, separated by 、，,；; or line breaks; each converted by `each`. */
export function list<T>(each: Converter<T>): Converter<T[]> {
  return (cell) => {
    if (typeof cell !== "string") {
      const one = each(cell);
      return one.ok ? ok([one.value]) : one;
    }
    const values: T[] = [];
    for (const part of cell.split(LIST_SEPARATOR).map((p) => p.trim())) {
      if (part === "") continue;
      const r = each(part);
      if (!r.ok) return r;
      values.push(r.value);
    }
    return ok(values);
  };
}
