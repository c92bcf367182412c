import { z } from "zod";

/*
 * What no string of the contract may hold: a C0 control character (U+0000–U+001F) or DEL (U+007F),
 * which PostgreSQL refuses (NUL in text and jsonb) or which break logs, CSV exports and screens;
 * and a lone surrogate (a string that is not well-formed UTF-16), which has no UTF-8 form and
 * becomes U+FFFD or an error on the way to the database and to Kafka. Free text (notes, résumé,
 * descriptions) may hold tab and newline besides. A surrogate pair (𠀀, emoji) is one character.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
export const SINGLE_LINE_TEXT = /^(?:[^\u0000-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
export const FREE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
  /^(?:[^\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/**
 * Not only white space: what a trimmed string of at least one character is. Said to the JSON Schema,
 * which sees the text before it is trimmed.
 */
export const NOT_BLANK = /\S/;

/** The message of a single-line string that holds a control character or a lone surrogate. */
export const controlCharacterMessage = (what: string) =>
  `${what} must not contain control characters (U+0000–U+001F, U+007F) or unpaired surrogates`;
const freeTextMessage = (what: string) =>
  `${what} must not contain control characters other than tab and newline, or unpaired surrogates`;

/** A string of one line: no C0 control character, no DEL, no lone surrogate. */
export function singleLine(what = "This text") {
  return z.string().regex(SINGLE_LINE_TEXT, { error: controlCharacterMessage(what) });
}

/** Refuses control characters (tab and newline too, unless `freeText`) and lone surrogates. */
export function plainText<S extends z.ZodString>(
  schema: S,
  what = "This text",
  opts: { freeText?: boolean } = {},
): S {
  return opts.freeText
    ? schema.regex(FREE_TEXT, { error: freeTextMessage(what) })
    : schema.regex(SINGLE_LINE_TEXT, { error: controlCharacterMessage(what) });
}
