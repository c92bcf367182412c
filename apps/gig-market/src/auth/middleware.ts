import { bearerAuth } from "@pes/http";
import type { AppEnv } from "../context.js";
import { marketOfKey } from "./keys.js";

/** Every /v1 request names its market with an API key; the market is on c.get("market"). */
export const requireMarket = () =>
  bearerAuth<AppEnv, NonNullable<Awaited<ReturnType<typeof marketOfKey>>>>({
    what: "your market's API key",
    resolve: (c, key) => marketOfKey(c.get("services").db.db, key),
    set: (c, { market, keyId }) => {
      c.set("market", market);
      c.set("apiKeyId", keyId);
    },
  });
