import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { matchedRoutes } from "hono/route";
import { type FieldError, invalidRequest, problem } from "./problem.js";

/**
 * The input rules every service applies before any of its own middleware or handlers run, whatever
 * a route's schema says (a plain z.string() in an app included):
 *
 * - a body is at most `bodyLimit` bytes (1 MB; a route may allow more with `allowBodySize`): 413;
 * - a JSON body is well-formed (400) and nests at most `maxJsonDepth` (32) arrays and objects (400);
 * - no string of a JSON or form body (values and property names), of the query, of a path segment
 *   or of a header holds a C0 control character other than tab and newline (U+0000–U+0008,
 *   U+000B–U+001F), DEL (U+007F) or a lone surrogate (not well-formed UTF-16): 400 with the path of
 *   the field, as a schema's errors. PostgreSQL refuses NUL in text and jsonb, which was a 500, and
 *   a lone surrogate has no UTF-8 form. Tab and newline are left to the schemas: only free text
 *   (notes, résumé, descriptions) allows them.
 */
export interface InputRules {
  /** Bytes; default 1 MiB. */
  bodyLimit?: number;
  /** Nesting of arrays and objects in a JSON body; default 32. */
  maxJsonDepth?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_JSON_DEPTH = 32;
/** Field errors listed at most; a body of a thousand bad strings gets the first ones. */
const MAX_ERRORS = 20;

const overridesOf = new WeakMap<object, Map<string, number>>();

/** The Hono route key of an operation: `POST /v1/files/:id` (OpenAPI's {id} is Hono's :id). */
const routeKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`;

/**
 * The operation extension a route that takes a larger body documents its limit with, in bytes:
 * `{ ..., [MAX_BODY_EXTENSION]: 20 * 1024 * 1024 }` in its definition, next to allowBodySize. The
 * bad-input conformance suite sends such an operation a byte more than that.
 */
export const MAX_BODY_EXTENSION = "x-max-body-bytes";

/**
 * Lets one route of an app made by createServiceApp take a larger (or smaller) body than the
 * service's limit, e.g. a file upload: `allowBodySize(app, "POST", "/v1/imports", 20 * 1024 * 1024)`.
 */
export function allowBodySize(app: object, method: string, path: string, maxBytes: number): void {
  const overrides = overridesOf.get(app);
  if (!overrides) throw new Error("this app was not made by createServiceApp");
  overrides.set(routeKey(method, path), maxBytes);
}

/** The middleware createServiceApp registers first; `app` is where allowBodySize records its overrides. */
export function inputGuard(app: object, rules: InputRules = {}): MiddlewareHandler {
  const overrides = new Map<string, number>();
  overridesOf.set(app, overrides);
  const defaultLimit = rules.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const maxDepth = rules.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;

  return async function checkInput(c, next) {
    const route = handlerRoute(c);
    const urlErrors = [...headerErrors(c), ...pathErrors(c, route), ...queryErrors(c)];
    if (urlErrors.length) return invalidRequest(c, urlErrors.slice(0, MAX_ERRORS));
    if (!c.req.raw.body) return next();

    const maxSize = (route ? overrides.get(routeKey(c.req.method, route)) : undefined) ?? defaultLimit;
    let refused: Response | undefined;
    const limited = await bodyLimit({
      maxSize,
      onError: (c) =>
        problem(c, {
          status: 413,
          code: "body-too-large",
          detail: `The body is larger than this route accepts (${maxSize} bytes)`,
        }),
    })(c, async () => {
      refused = await checkBody(c, maxDepth);
      if (!refused) await next();
    });
    return refused ?? limited;
  };
}

/** The pattern of the route that will answer (not a middleware's `*`), if any matches. */
function handlerRoute(c: Context): string | undefined {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (r.method !== "ALL" && (r.method === c.req.method || (c.req.method === "HEAD" && r.method === "GET")))
      return r.path;
  }
  return undefined;
}

/** Why a string may not be taken, or undefined. `lines`: tab and newline allowed (bodies, query). */
export function badCharacters(value: string, lines = true): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      if (lines && (code === 0x09 || code === 0x0a)) continue;
      return `must not contain control characters (U+${code.toString(16).toUpperCase().padStart(4, "0")} at ${i})`;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `must not contain an unpaired surrogate (at ${i}); the text is not well-formed UTF-16`;
    }
  }
  return undefined;
}

function headerErrors(c: Context): FieldError[] {
  const errors: FieldError[] = [];
  c.req.raw.headers.forEach((value, name) => {
    // A header's field-content may hold a tab, never another control character.
    const message = badCharacters(value.replaceAll("\t", " "), false);
    if (message) errors.push({ path: name, in: "header", message });
  });
  return errors;
}

/** Decodes percent-encoding as UTF-8; undefined for an invalid sequence (e.g. an encoded lone surrogate). */
function decode(text: string, plusIsSpace: boolean): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, " ") : text);
  } catch {
    return undefined;
  }
}

const NOT_UTF8 = "must be percent-encoded UTF-8 (an invalid or lone-surrogate sequence was sent)";

function pathErrors(c: Context, route: string | undefined): FieldError[] {
  const url = c.req.url;
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const end = url.search(/[?#]/);
  const rawPath = start < 0 ? "/" : url.slice(start, end < 0 ? undefined : end);
  const segments = rawPath.split("/");
  const names = route?.split("/") ?? [];
  const errors: FieldError[] = [];
  segments.forEach((segment, i) => {
    const decoded = segment.includes("%") ? decode(segment, false) : segment;
    const message = decoded === undefined ? NOT_UTF8 : badCharacters(decoded, false);
    if (!message) return;
    const name = names[i]?.startsWith(":")
      ? names[i]!.slice(1).replace(/\{.*$/, "").replace(/\?$/, "")
      : undefined;
    errors.push({ path: name ?? `(segment ${i})`, in: "path", message });
  });
  return errors;
}

function queryErrors(c: Context): FieldError[] {
  const url = c.req.url;
  const q = url.indexOf("?");
  if (q < 0) return [];
  const hash = url.indexOf("#", q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  return formErrors(query, "query");
}

/** Errors of an application/x-www-form-urlencoded string (a query or a form body). */
function formErrors(form: string, where: "query" | "body"): FieldError[] {
  const errors: FieldError[] = [];
  for (const pair of form.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decode(rawName, true);
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1), true);
    const path = name === undefined || badCharacters(name) ? "(name)" : name;
    const message =
      name === undefined || value === undefined
        ? NOT_UTF8
        : (badCharacters(name) ?? badCharacters(value, where === "body"));
    if (message) errors.push({ path, in: where, message });
  }
  return errors;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json(?:;|$)/i;

async function checkBody(c: Context, maxDepth: number): Promise<Response | undefined> {
  const type = (c.req.header("content-type") ?? "").trim();
  if (JSON_TYPE.test(type)) {
    const text = await c.req.text();
    if (!text.trim()) return undefined; // the route's schema says whether a body is required
    const depth = jsonDepth(text);
    if (depth > maxDepth)
      return problem(c, {
        status: 400,
        code: "json-too-deep",
        detail: `The JSON body nests arrays and objects ${depth > 1000 ? "over 1000" : depth} deep; at most ${maxDepth} are accepted`,
      });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return problem(c, {
        status: 400,
        code: "malformed-json",
        detail: `The body is not valid JSON: ${(error as Error).message}`,
      });
    }
    const errors = stringErrors(value);
    return errors.length ? invalidRequest(c, errors) : undefined;
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const errors = formErrors(await c.req.text(), "body");
    return errors.length ? invalidRequest(c, errors.slice(0, MAX_ERRORS)) : undefined;
  }
  if (/^multipart\/form-data/i.test(type)) {
    // The bytes first: Hono derives every later read from the first one cached, and a form read back
    // as bytes gets a new boundary (an Idempotency-Key's fingerprint would change with it).
    await c.req.arrayBuffer();
    const form = await c.req.parseBody({ all: true });
    const errors: FieldError[] = [];
    for (const [name, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const message = badCharacters(name) ?? (typeof v === "string" ? badCharacters(v) : undefined);
        if (message) errors.push({ path: badCharacters(name) ? "(name)" : name, in: "body", message });
      }
    }
    return errors.length ? invalidRequest(c, errors.slice(0, MAX_ERRORS)) : undefined;
  }
  return undefined;
}

/** How deep arrays and objects nest in a JSON text, counted without parsing it (stops past 1000). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth > max) max = depth;
      if (max > 1000) return max;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}

/** Every string of a parsed JSON value (property names too) that breaks the rules, with its path. */
function stringErrors(root: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  while (stack.length && errors.length < MAX_ERRORS) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const message = badCharacters(value);
      if (message) errors.push({ path: path.join(".") || "(root)", in: "body", message });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, String(i)] });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const bad = badCharacters(key);
        if (bad)
          errors.push({ path: path.join(".") || "(root)", in: "body", message: `a property name ${bad}` });
        else stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return errors;
}
