import { rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BODY_LIMIT, MAX_BODY_EXTENSION } from "../input.js";
import type { RequestableApp } from "./conformance.js";

/*
 * The bad-input table every service passes (issue 13): driven by the service's own /openapi.json,
 * every operation with a body gets one string field at a time replaced by text holding NUL, another
 * control character and a lone surrogate, an unknown field holding NUL, an oversize body, a body
 * nested 1000 deep and malformed JSON; every path and query parameter of every operation gets NUL,
 * a control character and an encoded lone surrogate. Each answer must be a 4xx problem+json (400
 * with the field's path where a field is at fault, 413 for the size), never a 5xx, and no table of
 * the service's database may gain or lose a row.
 */

type Json = Record<string, unknown>;
type Schema = Json;

export interface BadInputSetup {
  app: RequestableApp;
  db: DatabaseHandle;
  /** A valid principal's headers for the operation (e.g. a clerk for the desk, an admin for admin routes). */
  headersFor(method: string, path: string): Record<string, string>;
  close(): Promise<void>;
}

export interface BadInputTable {
  service: string;
  setup(): Promise<BadInputSetup>;
  /** At least this many operations with a JSON body must be found, so a broken walk cannot pass empty. */
  minBodyOperations: number;
  /** At least this many operations with path or query parameters. */
  minParameterOperations: number;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /v1/persons/{id} */
  path: string;
  parameters: Array<{ name: string; in: string; schema?: Schema }>;
  body?: Schema;
  /** The largest body the operation takes, when it documents one (MAX_BODY_EXTENSION); else the service's. */
  maxBodyBytes?: number;
}

const BODY_METHODS = ["post", "put", "patch"];
const BAD_STRINGS: Array<[string, string]> = [
  ["NUL", "陈\u0000明"],
  ["ESC", "a\u001bb"],
  ["a lone surrogate", "a\ud800"],
];
const BAD_URL: Array<[string, string]> = [
  ["NUL", "a%00"],
  ["U+0001", "a%01"],
  ["an encoded lone surrogate", "a%ED%A0%80"],
];

/** The operations of an OpenAPI 3.1 document, with their parameters and JSON request body schema. */
export function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item) as Array<[string, Json]>) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const parameters = ((op.parameters ?? []) as Array<Json>).map((p) =>
        resolve(doc, p),
      ) as Operation["parameters"];
      const content = (resolve(doc, (op.requestBody ?? {}) as Json).content ?? {}) as Record<string, Json>;
      const json = Object.entries(content).find(([type]) => /json/.test(type))?.[1];
      const maxBodyBytes = op[MAX_BODY_EXTENSION];
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters,
        ...(json?.schema ? { body: json.schema as Schema } : {}),
        ...(typeof maxBodyBytes === "number" ? { maxBodyBytes } : {}),
      });
    }
  }
  return ops;
}

function resolve(doc: Json, node: Json): Json {
  let n = node;
  for (let i = 0; i < 20 && typeof n.$ref === "string"; i++) {
    const parts = (n.$ref as string).replace(/^#\//, "").split("/");
    n = parts.reduce<Json>((at, p) => at[p.replace(/~1/g, "/").replace(/~0/g, "~")] as Json, doc);
  }
  return n;
}

/** A sample value of a JSON Schema, valid where it is simple (formats, enums, examples, bounds). */
export function sampleOf(doc: Json, schema: Schema, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (depth > 12) return null;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const options = s[key] as Schema[] | undefined;
    if (!options?.length) continue;
    if (key === "allOf")
      return Object.assign({}, ...options.map((o) => sampleOf(doc, o, depth + 1) as object));
    const option = options.find((o) => resolve(doc, o).type !== "null") ?? options[0]!;
    return sampleOf(doc, option, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Json = {};
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>))
        out[k] = sampleOf(doc, v, depth + 1);
      return out;
    }
    case "array":
      return s.items ? [sampleOf(doc, s.items as Schema, depth + 1)] : [];
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "string":
      return stringSample(s);
    default:
      return s.properties ? sampleOf(doc, { ...s, type: "object" }, depth) : null;
  }
}

function stringSample(s: Schema): string {
  switch (s.format) {
    case "date":
      return "2025-03-15";
    case "date-time":
      return "2025-03-15T09:30:00+08:00";
    case "uuid":
      return "00000000-0000-4000-8000-000000000001";
    case "email":
      return "a@example.com";
    case "uri":
    case "url":
      return "https://example.com/hook";
  }
  return "a".repeat(Math.max(1, Math.min(typeof s.minLength === "number" ? s.minLength : 1, 64)));
}

/** The paths (as the schemas' field errors write them: a.b.0.c) of every string in a sample. */
export function stringPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, String(i)]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function withValue(sample: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(sample) as Json;
  let at: Json = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Json;
  at[path.at(-1)!] = value;
  return copy;
}

/** Fills an OpenAPI path's {params} with samples, and one of them with `raw` (already percent-encoded). */
function urlOf(doc: Json, op: Operation, bad?: { name: string; in: string; raw: string }): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (bad?.in === "path" && bad.name === name) return bad.raw;
    const param = op.parameters.find((p) => p.in === "path" && p.name === name);
    return encodeURIComponent(String(param?.schema ? sampleOf(doc, param.schema) : "x"));
  });
  return bad?.in === "query" ? `${path}?${encodeURIComponent(bad.name)}=${bad.raw}` : path;
}

/** Rows per table of the service's database (all its schemas). */
export async function rowCounts(db: DatabaseHandle): Promise<Record<string, number>> {
  const tablesResult: unknown = await db.db.execute(
    "select table_schema || '.' || table_name as name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'drizzle') order by 1",
  );
  const counts: Record<string, number> = {};
  for (const { name } of rowsOf<{ name: string }>(tablesResult)) {
    const [schema, table] = name.split(".");
    const result = await db.db.execute(`select count(*)::int as n from "${schema}"."${table}"`);
    counts[name] = rowsOf<{ n: number }>(result)[0]!.n;
  }
  return counts;
}

interface Answer {
  status: number;
  type: string | null;
  body: { errors?: Array<{ path: string; in?: string }> } | undefined;
}

async function send(app: RequestableApp, url: string, init: RequestInit): Promise<Answer> {
  const res = await app.request(url, init);
  const text = await res.text();
  let body: Answer["body"];
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, type: res.headers.get("content-type"), body };
}

/** What is wrong with an answer to bad input, or undefined. `field`: the path the errors must name. */
function judge(
  answer: Answer,
  expected: { status: number; field?: { path: string; in: string } },
): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status !== expected.status) return `answered ${answer.status}, not ${expected.status}`;
  if (answer.type !== "application/problem+json") return `content-type ${answer.type}`;
  const field = expected.field;
  if (field && !answer.body?.errors?.some((e) => e.path === field.path && e.in === field.in))
    return `errors ${JSON.stringify(answer.body?.errors)} do not name ${field.in} ${field.path}`;
  return undefined;
}

export function describeBadInput(table: BadInputTable): void {
  describe(`${table.service}: bad input on every route of /openapi.json`, { timeout: 120_000 }, () => {
    let setup: BadInputSetup;
    let doc: Json;
    let ops: Operation[];
    let before: Record<string, number>;

    beforeAll(async () => {
      setup = await table.setup();
      doc = (await (await setup.app.request("/openapi.json")).json()) as Json;
      ops = operationsOf(doc);
      before = await rowCounts(setup.db);
    });
    afterAll(async () => setup?.close());

    const bodyOps = () => ops.filter((op) => op.body && BODY_METHODS.includes(op.method.toLowerCase()));
    const request = (op: Operation, url: string, body?: string, headers: Record<string, string> = {}) =>
      send(setup.app, url, {
        method: op.method,
        headers: { ...setup.headersFor(op.method, op.path), "content-type": "application/json", ...headers },
        ...(body === undefined ? {} : { body }),
      });

    it("refuses a control character or lone surrogate in every string field of every body (400 at the field)", async () => {
      expect(bodyOps().length).toBeGreaterThanOrEqual(table.minBodyOperations);
      const failures: string[] = [];
      let sent = 0;
      for (const op of bodyOps()) {
        const sample = sampleOf(doc, op.body!);
        const base = sample && typeof sample === "object" && !Array.isArray(sample) ? sample : {};
        const cases: Array<[string[], unknown]> = [
          ...stringPaths(base).map((p): [string[], unknown] => [p, base]),
          [["unknownField"], base],
        ];
        for (const [path, into] of cases)
          for (const [what, bad] of BAD_STRINGS) {
            const answer = await request(op, urlOf(doc, op), JSON.stringify(withValue(into, path, bad)));
            sent++;
            const wrong = judge(answer, { status: 400, field: { path: path.join("."), in: "body" } });
            if (wrong) failures.push(`${op.method} ${op.path} ${path.join(".")} with ${what}: ${wrong}`);
          }
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(0);
      expect(await rowCounts(setup.db)).toEqual(before);
    });

    it("refuses a control character or encoded lone surrogate in every path and query parameter (400 naming it)", async () => {
      const withParams = ops.filter((op) => op.parameters.some((p) => p.in === "path" || p.in === "query"));
      expect(withParams.length).toBeGreaterThanOrEqual(table.minParameterOperations);
      const failures: string[] = [];
      for (const op of withParams)
        for (const param of op.parameters.filter((p) => p.in === "path" || p.in === "query"))
          for (const [what, raw] of BAD_URL) {
            const body = BODY_METHODS.includes(op.method.toLowerCase())
              ? JSON.stringify(op.body ? sampleOf(doc, op.body) : {})
              : undefined;
            const answer = await request(op, urlOf(doc, op, { name: param.name, in: param.in, raw }), body);
            const wrong = judge(answer, { status: 400, field: { path: param.name, in: param.in } });
            if (wrong)
              failures.push(`${op.method} ${op.path} ${param.in} ${param.name} with ${what}: ${wrong}`);
          }
      expect(failures).toEqual([]);
      expect(await rowCounts(setup.db)).toEqual(before);
    });

    it("refuses a control character in the headers the services read (X-Purpose, Idempotency-Key)", async () => {
      const failures: string[] = [];
      for (const op of ops)
        for (const header of ["x-purpose", "idempotency-key"]) {
          const body = op.body ? JSON.stringify(sampleOf(doc, op.body)) : undefined;
          const answer = await request(op, urlOf(doc, op), body, { [header]: "audit\u0001" });
          const wrong = judge(answer, { status: 400, field: { path: header, in: "header" } });
          if (wrong) failures.push(`${op.method} ${op.path} ${header}: ${wrong}`);
        }
      expect(failures).toEqual([]);
      expect(await rowCounts(setup.db)).toEqual(before);
    });

    it("refuses an oversize body (413), a body nested 1000 deep and malformed JSON (400)", async () => {
      const failures: string[] = [];
      const deep = `${"[".repeat(1000)}${"]".repeat(1000)}`;
      for (const op of ops.filter((o) => BODY_METHODS.includes(o.method.toLowerCase()))) {
        const url = urlOf(doc, op);
        // A byte over what the operation takes: the service's limit, or the larger one it documents.
        const oversize = JSON.stringify({ padding: "a".repeat(op.maxBodyBytes ?? DEFAULT_BODY_LIMIT) });
        for (const [what, body, status] of [
          ["an oversize body", oversize, 413],
          ["a body nested 1000 deep", deep, 400],
          ["malformed JSON", '{"a": ', 400],
          ["a JSON NUL escape in a key", '{"\\u0000": 1}', 400],
        ] as const) {
          const wrong = judge(await request(op, url, body), { status });
          if (wrong) failures.push(`${op.method} ${op.path} ${what}: ${wrong}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await rowCounts(setup.db)).toEqual(before);
    });
  });
}
