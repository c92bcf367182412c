import ExcelJS from "exceljs";
import type { AreaQuarter } from "./area.js";
import type { ServicePointQuarter } from "./service-points.js";

/**
 * The quarter's assessment as a workbook: a row per service point, every figure its own column; the
 * area's figures on a second sheet.
 */
export async function assessmentXlsx(
  rows: readonly ServicePointQuarter[],
  area: AreaQuarter,
  title: string,
): Promise<Uint8Array> {
  const serviceTypes = [...new Set(rows.flatMap((r) => Object.keys(r.services)))].sort();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "province-hub";
  const sheet = workbook.addWorksheet(title.slice(0, 31));
  sheet.addRow([
    "service_point",
    "employment_registrations",
    "unemployment_registrations",
    "job_seeker_registrations",
    "difficulty_recognitions",
    ...serviceTypes.map((t) => `services_${t}`),
    "placed_after_referral",
    "ratings",
    "satisfied_ratings",
    "satisfied_rate",
  ]).font = { bold: true };
  for (const r of rows)
    sheet.addRow([
      r.servicePointId,
      r.registrations.employment,
      r.registrations.unemployment,
      r.registrations.jobSeeker,
      r.registrations.difficultyRecognition,
      ...serviceTypes.map((t) => r.services[t] ?? 0),
      r.outcomes.placedAfterReferral,
      r.outcomes.ratings,
      r.outcomes.satisfiedRatings,
      r.outcomes.satisfiedRate,
    ]);
  const areaSheet = workbook.addWorksheet("area");
  areaSheet.addRow(["figure", "value"]).font = { bold: true };
  areaSheet.addRows([
    ["area", area.areaCode],
    ["vouchers_redeemed", area.vouchersRedeemed.count],
    ["vouchers_redeemed_amount_fen", area.vouchersRedeemed.amountFen],
    ["startup_trainees", area.startupTrainees],
    ["startups", area.startups],
    ["graduates_helped", area.graduatesHelped],
    ["network_as_of", area.network?.asOf ?? null],
    ["communities", area.network?.communities ?? null],
    ["communities_covered", area.network?.covered ?? null],
    ["coverage_rate", area.network?.coverageRate ?? null],
    ["service_points", area.network?.points ?? null],
    ["service_points_staffed", area.network?.staffedPoints ?? null],
    ["staff", area.network?.staff ?? null],
    ["people_per_staff", area.network?.peoplePerStaff ?? null],
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
