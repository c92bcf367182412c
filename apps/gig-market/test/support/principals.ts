import type { DatabaseHandle } from "@pes/sync/db";
import { createMarket, type MarketInput } from "../../src/use-cases/markets/store.js";

export type Headers = Record<string, string>;

export const bearer = (key: string): Headers => ({ authorization: `Bearer ${key}` });

/** The tests' two markets: 思明 in 厦门 and 晋江 in 泉州. */
export const SIMING: MarketInput = {
  id: "xm-siming-gig",
  name: "思明零工市场",
  cityCode: "350200",
  districtCode: "350203",
};
export const JINJIANG: MarketInput = {
  id: "qz-jinjiang-gig",
  name: "晋江零工市场",
  cityCode: "350500",
  districtCode: "350582",
};

/** A market (a tenant of the service) holding a real API key: the authorization headers of that key. */
export async function testMarket(db: Pick<DatabaseHandle, "db">, market: MarketInput): Promise<Headers> {
  return bearer((await createMarket({ db: db.db }, market))!.key);
}
