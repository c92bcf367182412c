import { CityCode, DistrictCode, MarketId, reportingCityOf } from "@pes/schemas";
import { z } from "zod";
import { type IssuedKey, issueKey } from "../../auth/keys.js";
import { markets } from "../../db/tables/markets.js";
import type { UseCaseContext } from "../context.js";

export const MarketInput = z
  .object({
    id: MarketId,
    name: z.string().trim().min(1, "must not be empty").max(100),
    cityCode: CityCode,
    districtCode: DistrictCode.optional(),
  })
  .refine((m) => !m.districtCode || reportingCityOf(m.districtCode) === m.cityCode, {
    path: ["districtCode"],
    message: "must lie within the city",
  });
export type MarketInput = z.input<typeof MarketInput>;

/** Adds a market with its first API key (labelled `keyLabel`, default "first key"); undefined when the id is taken. */
export async function createMarket(
  { db }: Pick<UseCaseContext, "db">,
  { keyLabel = "first key", ...input }: MarketInput & { keyLabel?: string | undefined },
): Promise<IssuedKey | undefined> {
  const m = MarketInput.parse(input);
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(markets)
      .values({ id: m.id, name: m.name, cityCode: m.cityCode, districtCode: m.districtCode ?? null })
      .onConflictDoNothing()
      .returning({ id: markets.id });
    if (added.length === 0) return undefined;
    return issueKey(tx, m.id, keyLabel);
  });
}
