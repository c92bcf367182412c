import { INDUSTRY_SECTIONS, KeyGroup } from "@pes/schemas";
import { eq, like, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** The Chinese name of a slice's category: a key group's label, an industry section's. */
export function categoryNameOf(dimension: string, category: string): string | null {
  if (dimension === "group") return (KeyGroup.labelsZh as Record<string, string>)[category] ?? null;
  if (dimension === "industry") return (INDUSTRY_SECTIONS as Record<string, string>)[category] ?? null;
  return null;
}

/** A city and its districts (they share its first four digits), or a district itself. */
export function inArea(column: PgColumn, area: string): SQL | undefined {
  return area.endsWith("00") ? or(eq(column, area), like(column, `${area.slice(0, 4)}%`)) : eq(column, area);
}
