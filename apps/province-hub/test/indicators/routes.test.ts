import type { DatabaseHandle } from "@pes/sync/db";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRecord } from "../../src/use-cases/indicators/store.js";
import { NO_BROKER, type TestHub, testApp } from "../support/index.js";
import { EVENTS } from "./fixture.js";

let hub: TestHub;
let db: DatabaseHandle;
let app: TestHub["app"];
let viewer: Record<string, string>;
let operator: Record<string, string>;

beforeAll(async () => {
  hub = await testApp("hubindicatorroutes", { kafka: NO_BROKER });
  db = hub.db;
  // Records without a person need no timeline: enough to fill the table through the engine alone.
  for (const e of EVENTS.filter((e) => e.personKey === null))
    await db.db.transaction((tx) => applyRecord(tx, e));
  app = hub.app;
  viewer = hub.as.viewer;
  operator = hub.as.operator;
});
afterAll(async () => hub?.close());

type Table = {
  groups: Array<{ level1: string; level2: string; indicators: Array<Record<string, unknown>> }>;
};
const rowsOf = (t: Table) => t.groups.flatMap((g) => g.indicators);

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (quoted || ch !== "\r") {
      field += ch;
    }
  }
  return rows;
}

describe("GET /v1/indicators", () => {
  it("answers the table grouped as in the Xiamen table", async () => {
    const res = await app.request("/v1/indicators?city=350200&period=2025-Q1", { headers: viewer });
    expect(res.status).toBe(200);
    const table = (await res.json()) as Table;
    expect(table.groups.map((g) => `${g.level1}/${g.level2}`)).toEqual([
      "output/quantity",
      "output/quality",
      "benefit/social",
      "satisfaction/satisfaction",
    ]);
    const rows = rowsOf(table);
    expect(rows).toHaveLength(27);
    expect(rows.find((r) => r.code === "labor_brands")).toMatchObject({ actual: 4, attainment: "behind" });
    // The registry: no market is registered as standardised in this test's database
    expect(rows.find((r) => r.code === "gig_markets")).toMatchObject({ actual: 0 });
  });

  it("carries why a row is not measurable as a code and its parameters", async () => {
    const res = await app.request("/v1/indicators?city=350200&period=2025-Q1", { headers: viewer });
    const rows = rowsOf((await res.json()) as Table);
    expect(rows.find((r) => r.code === "labor_input_bases")).toMatchObject({
      attainment: "not-measurable",
      actual: null,
      reason: expect.stringMatching(/no declaration of labor_input_bases/),
      reasonCode: "no-declaration",
      reasonParams: { code: "labor_input_bases", period: "2025-Q1" },
    });
    // A reason that needs no parameter, and a measured row, carry null.
    const noRecords = rows.find((r) => r.reasonCode === "no-records");
    if (noRecords) expect(noRecords.reasonParams).toBeNull();
    expect(rows.find((r) => r.code === "labor_brands")).toMatchObject({
      reasonCode: null,
      reasonParams: null,
    });
    // The handler sends the engine's rows as they are: the contract is the OpenAPI document.
    const doc = (await (await app.request("/openapi.json")).json()) as {
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };
    expect(doc.components.schemas.IndicatorRow?.properties.reasonParams).toMatchObject({
      type: expect.anything(),
      additionalProperties: { type: "string" },
    });
  });

  it("refuses a bad period with the field path, and a request without a token", async () => {
    const res = await app.request("/v1/indicators?city=350200&period=2025-Q5", { headers: viewer });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((e) => e.path)).toContain("period");
    expect((await app.request("/v1/indicators?period=2025")).status).toBe(401);
  });
});

describe("exports", () => {
  let json: Array<Record<string, unknown>>;
  beforeAll(async () => {
    const res = await app.request("/v1/indicators?city=350200&period=2025-Q1", { headers: viewer });
    json = rowsOf((await res.json()) as Table);
  });

  it("CSV parses back to the same numbers", async () => {
    const res = await app.request("/v1/indicators/export.csv?city=350200&period=2025-Q1", {
      headers: viewer,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, ...lines] = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    const col = (name: string) => header!.indexOf(name);
    expect(lines).toHaveLength(27);
    for (const line of lines) {
      const row = json.find((r) => r.code === line[col("code")])!;
      expect(line[col("actual")]).toBe(row.actual === null ? "" : String(row.actual));
      expect(line[col("attainment")]).toBe(row.attainment);
      expect(line[col("name_zh")]).toBe(row.nameZh);
    }
  });

  it("XLSX parses back to the same numbers", async () => {
    const res = await app.request("/v1/indicators/export.xlsx?city=350200&period=2025-Q1", {
      headers: viewer,
    });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(28);
    for (let i = 2; i <= sheet.rowCount; i++) {
      const line = sheet.getRow(i);
      const row = json.find((r) => r.code === line.getCell(col("code")).value)!;
      expect(line.getCell(col("actual")).value ?? null).toBe(row.actual);
      expect(line.getCell(col("target")).value ?? null).toBe(row.target);
    }
  });
});

describe("targets and declarations", () => {
  it("loads a target table for another city (operator or admin only)", async () => {
    const body = JSON.stringify({ targets: { labor_brands: 1, budget_execution_rate: 80 } });
    const put = (headers: Record<string, string>, path = "/v1/targets/350100/2025", b = body) =>
      app.request(path, {
        method: "PUT",
        headers: { ...headers, "content-type": "application/json" },
        body: b,
      });
    expect((await put(viewer)).status).toBe(403);
    const bad = await put(operator, "/v1/targets/350100/2025", JSON.stringify({ targets: { nope: 1 } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe("targets.nope");
    expect((await put(operator)).status).toBe(200);

    const declare = await app.request("/v1/declarations", {
      method: "POST",
      headers: { ...operator, "content-type": "application/json" },
      body: JSON.stringify({ cityCode: "350100", indicatorCode: "labor_brands", period: "2025", value: 2 }),
    });
    expect(declare.status).toBe(201);
    const declared = (await declare.json()) as { declaredBy: string; declaredAt: string };

    const res = await app.request("/v1/indicators?city=350100&period=2025-Q1", { headers: viewer });
    const row = rowsOf((await res.json()) as Table).find((r) => r.code === "labor_brands")!;
    expect(row).toMatchObject({ actual: 2, target: 1, attainment: "met" });
    expect(row.targetSource).toMatch(/^350100\/2025 loaded by /);
    expect((row.provenance as { declarations: unknown[] }).declarations).toEqual([
      expect.objectContaining({ value: 2, declaredBy: declared.declaredBy, declaredAt: declared.declaredAt }),
    ]);
    const budget = rowsOf(
      (await (
        await app.request("/v1/indicators?city=350100&period=2025-Q1", { headers: viewer })
      ).json()) as Table,
    ).find((r) => r.code === "budget_execution_rate")!;
    expect(budget).toMatchObject({ attainment: "not-measurable", target: 80 });
  });

  it("refuses a declaration from a viewer", async () => {
    const res = await app.request("/v1/declarations", {
      method: "POST",
      headers: { ...viewer, "content-type": "application/json" },
      body: JSON.stringify({ cityCode: "350100", indicatorCode: "labor_brands", period: "2025", value: 9 }),
    });
    expect(res.status).toBe(403);
  });
});

describe("the gig-market registry (PUT /v1/gig-markets/{id})", () => {
  it("counts a market once an operator flags it standardised and it reports; a viewer may not register", async () => {
    const put = (id: string, body: unknown, headers = operator) =>
      app.request(`/v1/gig-markets/${id}`, {
        method: "PUT",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const count = async () => {
      const res = await app.request("/v1/indicators?city=350200&period=2025-Q1", { headers: viewer });
      return rowsOf((await res.json()) as Table).find((r) => r.code === "gig_markets")?.actual;
    };
    expect((await put("MX", { cityCode: "350200", standardised: true }, viewer)).status).toBe(403);
    expect((await put("MX", { cityCode: "350200", districtCode: "350105", standardised: true })).status).toBe(
      400,
    );
    const res = await put("MX", {
      cityCode: "350200",
      districtCode: "350206",
      name: "湖里零工市场",
      standardised: true,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ marketId: "MX", standardised: true, lastSeenAt: null });
    expect(await count()).toBe(0); // registered, not reporting yet
    await db.db.execute("update hub_gig_markets set last_seen_at = now() where market_id = 'MX'");
    expect(await count()).toBe(1);
    expect(
      (await put("MX", { cityCode: "350200", districtCode: "350206", standardised: false })).status,
    ).toBe(200);
    expect(await count()).toBe(0);
    const list = await app.request("/v1/gig-markets?city=350200", { headers: viewer });
    expect((await list.json()) as unknown).toMatchObject({
      items: [
        expect.objectContaining({ marketId: "MX", standardised: false, registeredBy: expect.any(String) }),
      ],
    });
  });
});
