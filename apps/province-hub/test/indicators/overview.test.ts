import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_BROKER, type TestHub, testApp } from "../support/index.js";

let hub: TestHub;
const CITIES = [
  "350100",
  "350128",
  "350200",
  "350300",
  "350400",
  "350500",
  "350600",
  "350700",
  "350800",
  "350900",
];

type Cell = { actual: number | null; target: number | null; attainment: string; rank: number | null };
type Overview = {
  period: string;
  indicators: Array<{ code: string }>;
  areas: Array<{ code: string; name: string; cells: Record<string, Cell> }>;
};
type Table = {
  groups: Array<{ indicators: Array<{ code: string; actual: number | null; attainment: string }> }>;
};

beforeAll(async () => {
  hub = await testApp("hubindicatoroverview", { kafka: NO_BROKER });
  // Known by construction: labour brands declared for three cities, two of them equal.
  for (const [cityCode, value] of [
    ["350200", 4],
    ["350100", 6],
    ["350500", 6],
  ] as const) {
    const res = await hub.app.request("/v1/declarations", {
      method: "POST",
      headers: { ...hub.as.operator, "content-type": "application/json" },
      body: JSON.stringify({ cityCode, indicatorCode: "labor_brands", period: "2025", value }),
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => hub?.close());

const overviewOf = async (period: string) => {
  const res = await hub.app.request(`/v1/indicators/overview?period=${period}`, { headers: hub.as.viewer });
  expect(res.status).toBe(200);
  return (await res.json()) as Overview;
};

describe("GET /v1/indicators/overview (全省总览)", () => {
  it("has the province and the nine cities and 平潭, each with the 27 indicators", async () => {
    const overview = await overviewOf("2025");
    expect(overview.areas.map((a) => a.code)).toEqual(["350000", ...CITIES]);
    expect(overview.areas[0]!.name).toBe("福建省");
    expect(overview.areas.find((a) => a.code === "350128")!.name).toBe("平潭综合实验区");
    expect(overview.indicators).toHaveLength(27);
    for (const area of overview.areas) expect(Object.keys(area.cells)).toHaveLength(27);
  });

  it("ranks the cities on an indicator, ties sharing a rank, none without a value or for the province", async () => {
    const overview = await overviewOf("2025");
    const ranks = Object.fromEntries(overview.areas.map((a) => [a.code, a.cells.labor_brands!.rank]));
    expect(ranks).toEqual({
      "350000": null,
      "350100": 1,
      "350500": 1,
      "350200": 3,
      ...Object.fromEntries(
        CITIES.filter((c) => !["350100", "350500", "350200"].includes(c)).map((c) => [c, null]),
      ),
    });
  });

  it("shows each area's figures exactly as GET /v1/indicators does", async () => {
    const overview = await overviewOf("2025-Q1");
    for (const area of overview.areas) {
      const query = area.code === "350000" ? "" : `city=${area.code}&`;
      const res = await hub.app.request(`/v1/indicators?${query}period=2025-Q1`, { headers: hub.as.viewer });
      const rows = ((await res.json()) as Table).groups.flatMap((g) => g.indicators);
      for (const row of rows) {
        expect(area.cells[row.code], `${area.code} ${row.code}`).toMatchObject({
          actual: row.actual,
          attainment: row.attainment,
        });
      }
    }
  });

  it("exports the same numbers as XLSX, a row per area", async () => {
    const overview = await overviewOf("2025");
    const res = await hub.app.request("/v1/indicators/overview.xlsx?period=2025", { headers: hub.as.viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("indicators-overview-2025.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const codes = (sheet.getRow(2).values as unknown[]).slice(3);
    const brands = codes.indexOf("labor_brands") + 3;
    expect(brands).toBeGreaterThan(2);
    const byArea = new Map<string, ExcelJS.Row>();
    for (let i = 3; i <= sheet.rowCount; i++)
      byArea.set(String(sheet.getRow(i).getCell(2).value), sheet.getRow(i));
    expect([...byArea.keys()]).toEqual(overview.areas.map((a) => a.code));
    expect(byArea.get("350100")!.getCell(brands).value).toBe(6);
    expect(byArea.get("350200")!.getCell(brands).value).toBe(4);
    expect(byArea.get("350200")!.getCell(brands + 2).value).toBe(3);
  });

  it("refuses a bad period with its field, and a caller without a token", async () => {
    const bad = await hub.app.request("/v1/indicators/overview?period=2025-13", { headers: hub.as.viewer });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe("period");
    expect((await hub.app.request("/v1/indicators/overview?period=2025")).status).toBe(401);
  });
});
