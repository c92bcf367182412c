import { idempotencyTable } from "@pes/sync/schema";
import { markets } from "./markets.js";

/**
 * The first answer to each POST sent with an Idempotency-Key, per market and key (the idempotency
 * middleware of @pes/http). The body is encrypted: it may hold a freshly issued API key or personal data.
 */
export const idempotentRequests = idempotencyTable("gm_idempotent_requests", {
  column: "market_id",
  references: () => markets.id,
});
