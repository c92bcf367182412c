import { FUJIAN_CITIES } from "@pes/schemas";
import ExcelJS from "exceljs";
import type { Attainment, IndicatorRow } from "../../domain/indicators/compute.js";
import { competitionRanks } from "../../domain/indicators/ranking.js";
import type { UseCaseContext } from "../context.js";
import { indicatorTable } from "./store.js";

export const PROVINCE = "350000";

export interface OverviewCell {
  actual: number | null;
  target: number | null;
  periodTarget: number | null;
  attainment: Attainment;
  /** Among the cities (平潭 included), 1 the best; null without a value, and on the province's row. */
  rank: number | null;
}

export interface Overview {
  period: string;
  indicators: Array<{ code: string; nameZh: string; unit: string; comparator: string }>;
  /** The province first, then the cities in code order. */
  areas: Array<{ code: string; name: string; cells: Record<string, OverviewCell> }>;
}

/**
 * 全省总览: every city's table for the period and the province's own, each read exactly as
 * GET /v1/indicators reads it, with the cities ranked per indicator.
 */
export async function provinceOverview(ctx: Pick<UseCaseContext, "db">, period: string): Promise<Overview> {
  const cities = Object.keys(FUJIAN_CITIES).sort();
  const [province, ...perCity] = await Promise.all([
    indicatorTable(ctx, { scope: { level: "province" }, period }),
    ...cities.map((cityCode) => indicatorTable(ctx, { scope: { level: "city", cityCode }, period })),
  ]);
  const rows = new Map<string, IndicatorRow[]>([[PROVINCE, province!]]);
  for (const [i, c] of cities.entries()) rows.set(c, perCity[i]!);
  const ranks = new Map(
    province!.map((def, i) => [
      def.code,
      competitionRanks(
        cities.map((area) => ({ area, actual: rows.get(area)![i]!.actual })),
        def.comparator,
      ),
    ]),
  );
  return {
    period,
    indicators: province!.map(({ code, nameZh, unit, comparator }) => ({ code, nameZh, unit, comparator })),
    areas: [PROVINCE, ...cities].map((code) => ({
      code,
      name: code === PROVINCE ? "福建省" : FUJIAN_CITIES[code as keyof typeof FUJIAN_CITIES],
      cells: Object.fromEntries(
        rows.get(code)!.map((r) => [
          r.code,
          {
            actual: r.actual,
            target: r.target,
            periodTarget: r.periodTarget,
            attainment: r.attainment,
            rank: code === PROVINCE ? null : (ranks.get(r.code)!.get(code) ?? null),
          },
        ]),
      ),
    })),
  };
}

const ATTAINMENT_FILL: Record<Attainment, string> = {
  met: "FFD6F0DD",
  "on-track": "FFFFF1C2",
  behind: "FFF8D7DA",
  "not-measurable": "FFEEEEEE",
};

/** The overview as a workbook: a row per area, an indicator's actual, target and rank per column group. */
export async function overviewXlsx(overview: Overview): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "province-hub";
  const sheet = workbook.addWorksheet(`全省总览 ${overview.period}`.slice(0, 31));
  const header = ["地区 area", "代码 code"];
  for (const i of overview.indicators)
    header.push(`${i.nameZh} 实际`, `${i.nameZh} 目标`, `${i.nameZh} 排名`);
  sheet.addRow(header).font = { bold: true };
  sheet.addRow(["", "", ...overview.indicators.flatMap((i) => [i.code, i.unit, i.comparator])]);
  for (const area of overview.areas) {
    const row = sheet.addRow([
      area.name,
      area.code,
      ...overview.indicators.flatMap((i) => {
        const c = area.cells[i.code]!;
        return [c.actual, c.periodTarget ?? c.target, c.rank];
      }),
    ]);
    for (const [n, i] of overview.indicators.entries())
      row.getCell(3 + n * 3).fill = {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb: ATTAINMENT_FILL[area.cells[i.code]!.attainment] },
      };
  }
  sheet.getColumn(1).width = 14;
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: 2 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
