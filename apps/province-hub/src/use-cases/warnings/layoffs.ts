import type { EnterpriseLayoffReport } from "@pes/schemas";
import { inArray, sql } from "drizzle-orm";
import { layoffWarnings } from "../../db/tables/warnings.js";
import { isLargeLayoff, type LayoffRule } from "../../domain/warnings/layoff.js";
import type { IngestExtension } from "../ingest/types.js";

/**
 * Raises a warning as an enterprise's layoff report arrives, when the reduction is large by the rule;
 * the report's newest revision decides, so a corrected report below the rule withdraws its warning.
 */
export function layoffWarningExtension(rule: LayoffRule): IngestExtension {
  return async (tx, { records }) => {
    const reports = records.filter((r) => r.type === "enterprise-layoff-report");
    if (reports.length === 0) return;
    const large = [];
    const small: string[] = [];
    for (const r of reports) {
      const d = r.data as EnterpriseLayoffReport;
      if (!isLargeLayoff(d.persons, d.workforce, rule)) {
        small.push(r.recordId);
        continue;
      }
      large.push({
        recordId: r.recordId,
        revision: r.revision,
        cityCode: r.cityCode,
        districtCode: r.districtCode,
        enterpriseName: d.enterprise.name,
        creditCode: d.enterprise.creditCode,
        industry: d.enterprise.industry,
        kind: d.kind,
        persons: d.persons,
        workforce: d.workforce ?? null,
        reportedOn: d.reportedOn,
        effectiveOn: d.effectiveOn,
      });
    }
    if (small.length > 0) await tx.delete(layoffWarnings).where(inArray(layoffWarnings.recordId, small));
    if (large.length === 0) return;
    await tx
      .insert(layoffWarnings)
      .values(large)
      .onConflictDoUpdate({
        target: layoffWarnings.recordId,
        set: {
          revision: sql`excluded.revision`,
          districtCode: sql`excluded.district_code`,
          enterpriseName: sql`excluded.enterprise_name`,
          industry: sql`excluded.industry`,
          kind: sql`excluded.kind`,
          persons: sql`excluded.persons`,
          workforce: sql`excluded.workforce`,
          reportedOn: sql`excluded.reported_on`,
          effectiveOn: sql`excluded.effective_on`,
          updatedAt: sql`now()`,
        },
      });
  };
}
