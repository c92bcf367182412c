import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newToken } from "../auth.js";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";
import { ACCESS_EXTENSION, BEARER_SCHEME } from "../routes.js";
import { type Operation, operationsOf, rowCounts, sampleOf } from "./bad-input.js";
import type { RequestableApp } from "./conformance.js";

/*
 * The access conformance suite (issue 14): driven by the service's own /openapi.json, every
 * operation under /v1 must declare the bearer security requirement and its access rule (the route
 * kit's x-access), the operations documented must be the routes the app serves, and every one of
 * them must refuse (401 problem+json, before its input is looked at) a request without a token, with
 * a malformed Authorization header, with an unknown token of the service's own kind and with a
 * well-formed token of every other service. Nothing may be written meanwhile.
 */

/** The prefix of each service's tokens (newToken): a token names the service that issued it. */
export const SERVICE_TOKEN_PREFIXES: Readonly<Record<string, string>> = {
  "city-node": "pes_cn_",
  "gig-market": "pes_gm_",
  "province-hub": "pes_ph_",
};

/** An app as Hono has it: app.request, and app.routes (every method and path it registered). */
export interface RoutedApp extends RequestableApp {
  readonly routes?: ReadonlyArray<{ readonly method: string; readonly path: string }>;
}

export interface AccessSetup {
  app: RoutedApp;
  /** When given, no table of it may gain or lose a row while the suite runs. */
  db?: DatabaseHandle;
  close(): Promise<void>;
}

export interface AccessConformance {
  /** The service, as in SERVICE_TOKEN_PREFIXES: its own tokens' prefix, and the others'. */
  service: string;
  setup(): Promise<AccessSetup>;
  /** At least this many secured operations must be found, so a broken walk cannot pass empty. */
  minOperations: number;
  /** Routes the app serves under /v1 that /openapi.json does not list (an event stream): ["GET", "/v1/streams/live"]. */
  undocumented?: ReadonlyArray<readonly [method: string, path: string]>;
  /** The service's own ways to be refused besides the Authorization header (a forged session cookie). */
  credentials?: ReadonlyArray<readonly [label: string, headers: Record<string, string>]>;
  /** The secured part of the API; default "/v1/". */
  prefix?: string;
}

type Json = Record<string, unknown>;
type Case = readonly [label: string, headers: Record<string, string>, problem: string | undefined];

const BODY_METHODS = ["POST", "PUT", "PATCH"];

/** The credentials every secured route must refuse, each with the problem type it answers (undefined: any). */
function refusals(opts: AccessConformance): Case[] {
  const own = SERVICE_TOKEN_PREFIXES[opts.service];
  if (!own) throw new Error(`no token prefix known for ${opts.service}; add it to SERVICE_TOKEN_PREFIXES`);
  const missing = "urn:pes:problem:missing-token";
  const invalid = "urn:pes:problem:invalid-token";
  return [
    ["no token", {}, missing],
    ["an empty bearer", { authorization: "Bearer" }, missing],
    ["a malformed bearer token", { authorization: "Bearer x" }, invalid],
    [
      "Basic credentials",
      { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` },
      missing,
    ],
    ["another scheme", { authorization: "Token abc" }, missing],
    [`an unknown ${own} token`, { authorization: `Bearer ${newToken(own)}` }, invalid],
    ...Object.entries(SERVICE_TOKEN_PREFIXES)
      .filter(([service]) => service !== opts.service)
      .map(
        ([service, prefix]): Case => [
          `a ${service} token (${prefix})`,
          { authorization: `Bearer ${newToken(prefix)}` },
          invalid,
        ],
      ),
    ...(opts.credentials ?? []).map(([label, headers]): Case => [label, headers, undefined]),
  ];
}

/** The operation's path with each {param} filled: a random UUID for a uuid, else a sample of its schema. */
function urlOf(doc: Json, op: Operation): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = op.parameters.find((p) => p.in === "path" && p.name === name)?.schema;
    const value = schema?.format === "uuid" ? randomUUID() : schema ? sampleOf(doc, schema) : "x";
    return encodeURIComponent(String(value ?? "x"));
  });
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/** An OpenAPI path as Hono registers it: {id} → :id. */
const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");

export function describeAccessConformance(opts: AccessConformance): void {
  const prefix = opts.prefix ?? "/v1/";
  describe(`${opts.service}: every route of /openapi.json refuses a caller without a valid token`, () => {
    let setup: AccessSetup;
    let doc: Json;
    let ops: Operation[];
    let raw: Record<string, Record<string, Json>>;
    let before: Record<string, number> | undefined;

    beforeAll(async () => {
      setup = await opts.setup();
      const res = await setup.app.request("/openapi.json");
      if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
      doc = (await res.json()) as Json;
      raw = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
      ops = operationsOf(doc).filter((op) => op.path.startsWith(prefix));
      before = setup.db ? await rowCounts(setup.db) : undefined;
    });
    afterAll(async () => setup?.close());

    it("documents the bearer scheme, and on every operation under the prefix its security and access rule", () => {
      expect(ops.length).toBeGreaterThanOrEqual(opts.minOperations);
      const schemes = ((doc.components as Json | undefined)?.securitySchemes ?? {}) as Record<string, Json>;
      expect(schemes[BEARER_SCHEME]).toMatchObject({ type: "http", scheme: "bearer" });
      const undeclared: string[] = [];
      for (const op of ops) {
        const operation = raw[op.path]![op.method.toLowerCase()]!;
        const security = (operation.security ?? []) as Array<Record<string, unknown>>;
        const access = operation[ACCESS_EXTENSION];
        if (!security.some((s) => BEARER_SCHEME in s))
          undeclared.push(`${key(op.method, op.path)}: no security`);
        if (access === undefined || access === "public")
          undeclared.push(
            `${key(op.method, op.path)}: access ${JSON.stringify(access)} (define it with the route kit)`,
          );
        if (!("401" in ((operation.responses ?? {}) as Json)))
          undeclared.push(`${key(op.method, op.path)}: no 401 documented`);
      }
      expect(undeclared).toEqual([]);
    });

    it("serves under the prefix exactly the operations it documents (and the declared undocumented ones)", () => {
      const routes = setup.app.routes;
      if (!routes) throw new Error("the app exposes no `routes` to compare with (a Hono app does)");
      const served = new Set(
        routes
          .filter((r) => r.method !== "ALL" && r.path.startsWith(prefix))
          .map((r) => key(r.method, r.path)),
      );
      const listed = new Set([
        ...ops.map((op) => key(op.method, honoPath(op.path))),
        ...(opts.undocumented ?? []).map(([method, path]) => key(method, path)),
      ]);
      expect([...served].sort()).toEqual([...listed].sort());
    });

    it.each(refusals(opts))(
      "answers %s with 401 problem+json on every operation",
      async (_, headers, type) => {
        const targets: Array<[string, string]> = [
          ...ops.map((op): [string, string] => [op.method, urlOf(doc, op)]),
          ...(opts.undocumented ?? []).map(([method, path]): [string, string] => [
            method,
            path.replace(/:[^/]+/g, "x"),
          ]),
        ];
        const failures: string[] = [];
        for (const [method, url] of targets) {
          const res = await setup.app.request(url, {
            method,
            headers: { ...headers, "content-type": "application/json" },
            ...(BODY_METHODS.includes(method) ? { body: "{}" } : {}),
          });
          const text = await res.text();
          const contentType = res.headers.get("content-type");
          let body: { status?: number; type?: string } | undefined;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          if (res.status !== 401) failures.push(`${method} ${url}: answered ${res.status}`);
          else if (contentType !== PROBLEM_CONTENT_TYPE)
            failures.push(`${method} ${url}: content-type ${contentType}`);
          else if (body?.status !== 401 || (type && body.type !== type))
            failures.push(`${method} ${url}: problem ${body?.status} ${body?.type}, not 401 ${type ?? ""}`);
        }
        expect(targets.length).toBeGreaterThanOrEqual(opts.minOperations);
        expect(failures).toEqual([]);
      },
    );

    it("wrote nothing while refusing", async () => {
      if (!setup.db || !before) return;
      expect(await rowCounts(setup.db)).toEqual(before);
    });
  });
}
