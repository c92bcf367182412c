import { badCharacters } from "@pes/http";
import type { BatchItemInput, Refusal } from "../../use-cases/batches/index.js";

/** The media types of a batch: NDJSON (one item a line) or a JSON array of items. */
export const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson", "application/jsonl"] as const;

export type BatchBody =
  | { ok: true; items: BatchItemInput[] }
  | { ok: false; status: 400 | 413 | 415; code: string; detail: string };

const malformed = (message: string, path = "(root)"): Refusal => ({
  reason: "schema",
  code: "malformed-item",
  message,
  errors: [{ path, message }],
});

/** The first string of a parsed value (keys included) that holds a control character, with its path. */
function badString(root: unknown): { path: string; message: string } | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: "" }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const message = badCharacters(value);
      if (message) return { path: path || "(root)", message };
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) stack.push({ value: v, path: path ? `${path}.${i}` : String(i) });
    } else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        const message = badCharacters(key);
        if (message) return { path: path || "(root)", message: `a property name ${message}` };
        stack.push({ value: v, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return undefined;
}

/**
 * The items of a batch body. NDJSON: one item a line (blank lines skipped); a line that is not JSON,
 * or holds a control character, is an item refused with its line number, unless no line can be
 * read at all (400). A JSON array: each element an item (the service's input guard has checked the
 * whole body already: malformed JSON or a control character anywhere is a 400). More than `max`
 * items is 413.
 */
export function readBatchBody(contentType: string | undefined, text: string, max: number): BatchBody {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if ((NDJSON_TYPES as readonly string[]).includes(type)) return readNdjson(text, max);
  if (type === "application/json") return readArray(text, max);
  return {
    ok: false,
    status: 415,
    code: "unsupported-media-type",
    detail: `A batch is application/x-ndjson (one item a line) or application/json (an array of items), not ${type || "untyped"}`,
  };
}

function readNdjson(text: string, max: number): BatchBody {
  const items: BatchItemInput[] = [];
  const lines = text.split("\n");
  let readable = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    if (items.length === max)
      return {
        ok: false,
        status: 413,
        code: "too-many-items",
        detail: `A batch holds at most ${max} items; split it`,
      };
    const item: BatchItemInput = { index: items.length, line: i + 1 };
    try {
      const value: unknown = JSON.parse(line);
      const bad = badString(value);
      if (bad) item.malformed = malformed(`Line ${i + 1}: ${bad.message}`, bad.path);
      else {
        item.value = value;
        readable++;
      }
    } catch (e) {
      item.malformed = malformed(`Line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
    items.push(item);
  }
  if (items.length === 0)
    return { ok: false, status: 400, code: "empty-batch", detail: "The batch holds no item" };
  if (readable === 0)
    return {
      ok: false,
      status: 400,
      code: "malformed-batch",
      detail: `No line of the body is a JSON item (NDJSON: one { kind, record } a line); line ${items[0]!.line}: ${items[0]!.malformed!.message}`,
    };
  return { ok: true, items };
}

function readArray(text: string, max: number): BatchBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      status: 400,
      code: "malformed-json",
      detail: `The body is not JSON: ${(e as Error).message}`,
    };
  }
  if (!Array.isArray(value))
    return {
      ok: false,
      status: 400,
      code: "malformed-batch",
      detail:
        "A JSON batch is an array of items ({ kind, record }); send application/x-ndjson for one item a line",
    };
  if (value.length > max)
    return {
      ok: false,
      status: 413,
      code: "too-many-items",
      detail: `A batch holds at most ${max} items; split it`,
    };
  if (value.length === 0)
    return { ok: false, status: 400, code: "empty-batch", detail: "The batch holds no item" };
  return { ok: true, items: value.map((v, index) => ({ index, value: v })) };
}
