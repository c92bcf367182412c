import { districtOf } from "@pes/core";
import { divisionName } from "@pes/schemas";
import ExcelJS from "exceljs";
import type { WorkItem } from "./work-list.js";

const REASONS: Record<string, string> = {
  "131-shortfall": "131 未完成",
  "zero-employment-family": "零就业家庭",
  "graduate-without-contact": "毕业生未联系",
  "difficulty-unemployed": "就业困难人员",
};

/** What is owed, in words a field worker reads: the reasons, and the 131 parts still missing. */
export function owedText(item: WorkItem): string {
  const parts = item.reasons.map((r) => REASONS[r] ?? r);
  const s = item.shortfall131;
  if (s) {
    const owed = [
      s.careerGuidance ? `职业指导 ${s.careerGuidance}` : "",
      s.jobRecommendations ? `推荐岗位 ${s.jobRecommendations}` : "",
      s.trainingOrInternship ? `培训或见习 ${s.trainingOrInternship}` : "",
    ].filter(Boolean);
    if (owed.length) parts.push(`欠：${owed.join("、")}`);
  }
  return parts.join("；");
}

/** A division as its district's name and its own code (the node names no street or community). */
export const areaText = (code: string) => `${divisionName(districtOf(code) ?? code) ?? ""} ${code}`.trim();

/** The work list as a workbook for field work: masked persons, where they live, what is owed, by when. */
export async function workListXlsx(items: readonly WorkItem[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "city-node";
  const sheet = workbook.addWorksheet("今日走访");
  sheet.columns = [
    { header: "序号", key: "n", width: 6 },
    { header: "姓名", key: "name", width: 10 },
    { header: "身份证号", key: "idNumber", width: 22 },
    { header: "联系电话", key: "mobile", width: 14 },
    { header: "所在社区", key: "area", width: 24 },
    { header: "需要的服务", key: "owed", width: 48 },
    { header: "办结期限", key: "dueBy", width: 12 },
    { header: "走访记录（签名、日期）", key: "visit", width: 28 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const [i, item] of items.entries())
    sheet.addRow({
      n: i + 1,
      name: item.person?.name ?? "—",
      idNumber: item.person?.idNumber ?? "—",
      mobile: item.contactMobile ?? item.person?.phone ?? "—",
      area: areaText(item.areaCode),
      owed: owedText(item),
      dueBy: item.dueBy ?? "",
      visit: "",
    });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
