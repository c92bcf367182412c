/**
 * The console's words, Chinese first: provincial operators read zh-CN; en is for visitors and
 * reviewers. The pages' scripts get the chosen language's table embedded in the page.
 */
import type { Language } from "@pes/http/console";
import * as assessment from "./words/assessment.js";
import * as indicators from "./words/indicators.js";
import * as needs from "./words/needs.js";
import * as reporting from "./words/reporting.js";
import * as shell from "./words/shell.js";
import * as streams from "./words/streams.js";
import * as vouchers from "./words/vouchers.js";
import * as warnings from "./words/warnings.js";

export { LANGUAGES, type Language } from "@pes/http/console";

const zh = {
  ...shell.zh,
  ...indicators.zh,
  ...streams.zh,
  ...needs.zh,
  ...vouchers.zh,
  ...warnings.zh,
  ...assessment.zh,
  ...reporting.zh,
};

const en: Record<keyof typeof zh, string> = {
  ...shell.en,
  ...indicators.en,
  ...streams.en,
  ...needs.en,
  ...vouchers.en,
  ...warnings.en,
  ...assessment.en,
  ...reporting.en,
};

export type MessageKey = keyof typeof zh;
export const MESSAGES: Record<Language, Record<MessageKey, string>> = { "zh-CN": zh, en };
