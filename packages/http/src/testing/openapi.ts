import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";
import type { RequestableApp } from "./conformance.js";
import {
  type Finding,
  redoclyLint,
  spectralLint,
  swaggerParserErrors,
  typecheckGeneratedClient,
} from "./openapi-tools.js";

/*
 * The published contract holds for third parties (issue 18): the service's own /openapi.json passes
 * the validators they run (swagger-parser, Redocly's recommended rules, Spectral's spectral:oas) with
 * no error, every operation has an operationId and documents the problems the shared kit can answer,
 * and a client generated from it with openapi-typescript compiles.
 */

/**
 * The warnings every service keeps, and why. Any other warning fails the suite, so a new one is
 * either fixed or added here with its reason.
 */
export const ACCEPTED_WARNINGS: Readonly<Record<string, string>> = {
  // No licence is granted for the platform's API, and naming one would mislead.
  "info-license": "the API is the province's; it publishes no licence",
  // A contact is per deployment (each city's IT team, the provincial operators), not in the code.
  "info-contact": "who to contact depends on the deployment",
  // Tags name a resource with its Chinese term (失业登记); a description would only repeat it.
  "tag-description": "a tag's name says what it groups",
};

type Json = Record<string, unknown>;
type Operation = {
  method: string;
  path: string;
  operationId?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];

export function operationsOfDocument(doc: Json): Operation[] {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ ...(operation as Omit<Operation, "method" | "path">), method, path })),
  );
}

/** The problem statuses the shared kit can answer on an operation, whatever its handler does. */
export function problemsExpectedOf(op: Operation): string[] {
  const expected = ["400", "500"];
  if ((op.security ?? []).length > 0) expected.push("401");
  if (/\{[^}]+\}/.test(op.path)) expected.push("404");
  if (op.requestBody) expected.push("413", "422");
  return expected;
}

/** A module using the generated types of every operation: it compiles only if they all exist. */
export function clientUsageOf(doc: Json, extra = ""): string {
  const lines = operationsOfDocument(doc).flatMap((op, i) => {
    const id = JSON.stringify(op.operationId);
    return [
      `export type Op${i} = operations[${id}];`,
      `export const path${i}: keyof paths = ${JSON.stringify(op.path)};`,
      ...Object.keys(op.responses).map(
        (status) => `export type Op${i}R${status} = Op${i}["responses"][${status}];`,
      ),
    ];
  });
  return [
    'import type { components, operations, paths } from "./api";',
    'type Json<R> = R extends { content: { "application/json": infer B } } ? B : never;',
    'export const health: Json<paths["/healthz"]["get"]["responses"][200]> = { status: "ok", service: "s", version: "1", uptimeSeconds: 1 };',
    'export const problem: components["schemas"]["Problem"] = { type: "about:blank", title: "Not Found", status: 404 };',
    ...lines,
    extra,
  ].join("\n");
}

export interface OpenApiContract {
  service: string;
  /** The app, its document at /openapi.json. */
  setup(): Promise<{ app: RequestableApp; close(): Promise<void> }>;
  /** At least this many operations, so a broken walk cannot pass empty. */
  minOperations: number;
  /** More code for the generated client's usage (it imports components, operations and paths from "./api"). */
  clientUsage?: string;
}

const lines = (findings: Finding[]) => findings.map((f) => `${f.rule} at ${f.where}: ${f.message}`);

export function describeOpenApiContract(opts: OpenApiContract): void {
  // The validators and the compiler are CPU-bound: on a busy machine they take a while.
  describe(`${opts.service}: /openapi.json holds for third parties`, { timeout: 120_000 }, () => {
    let setup: Awaited<ReturnType<OpenApiContract["setup"]>>;
    let doc: Json;
    let ops: Operation[];

    beforeAll(async () => {
      setup = await opts.setup();
      const res = await setup.app.request("/openapi.json");
      if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
      doc = (await res.json()) as Json;
      ops = operationsOfDocument(doc);
    });
    afterAll(async () => setup?.close());

    it("gives every operation a unique operationId", () => {
      expect(ops.length).toBeGreaterThanOrEqual(opts.minOperations);
      expect(ops.filter((op) => !op.operationId).map((op) => `${op.method} ${op.path}`)).toEqual([]);
      const ids = ops.map((op) => op.operationId);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });

    it("documents on every operation the problems the shared kit answers, as problem+json", () => {
      const missing: string[] = [];
      for (const op of ops) {
        for (const status of problemsExpectedOf(op))
          if (!op.responses[status]) missing.push(`${op.method} ${op.path}: no ${status}`);
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const problem = response.content?.[PROBLEM_CONTENT_TYPE];
          if (!problem?.schema?.$ref?.startsWith("#/components/schemas/"))
            missing.push(`${op.method} ${op.path}: ${status} is not a problem+json schema`);
        }
      }
      expect(missing).toEqual([]);
    });

    it("really opens the operations it declares open (no security): no 401 without a token", async () => {
      const open = ops.filter((op) => op.method === "get" && (op.security ?? []).length === 0);
      expect(open.map((op) => op.path)).toContain("/healthz");
      for (const op of open) {
        if (op.path.includes("{")) continue;
        const res = await setup.app.request(op.path);
        expect(res.status, `${op.path} without a token`).not.toBe(401);
      }
    });

    it("is valid for swagger-parser", async () => {
      expect(await swaggerParserErrors(doc)).toEqual([]);
    });

    it("passes Redocly's recommended rules: no error, only the accepted warnings", async () => {
      const report = await redoclyLint(doc);
      expect(lines(report.errors)).toEqual([]);
      expect(lines(report.warnings.filter((w) => !(w.rule in ACCEPTED_WARNINGS)))).toEqual([]);
    });

    it("passes Spectral's spectral:oas: no error, only the accepted warnings", async () => {
      const report = await spectralLint(doc);
      expect(lines(report.errors)).toEqual([]);
      expect(lines(report.warnings.filter((w) => !(w.rule in ACCEPTED_WARNINGS)))).toEqual([]);
    });

    it("generates a client with openapi-typescript that compiles, and that a wrong use does not", async () => {
      const usage = clientUsageOf(doc, opts.clientUsage);
      expect(await typecheckGeneratedClient(doc, usage)).toEqual([]);
      // The control: the same types refuse a health answer of the wrong shape.
      const wrong = `${usage}\nexport const broken: Json<paths["/healthz"]["get"]["responses"][200]> = { status: "down" };`;
      const diagnostics = await typecheckGeneratedClient(doc, wrong);
      expect(diagnostics.join("\n")).toMatch(/usage\.ts:\d+: .*"down"/);
    });
  });
}
