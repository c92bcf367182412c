// The gig market's tables. The outbox and inbox of packages/sync live in every service's own database,
// so they are part of this schema and of this app's migrations.
export { inbox, outbox } from "@pes/sync/schema";
export * from "./tables/flowback.js";
export * from "./tables/idempotency.js";
export * from "./tables/markets.js";
export * from "./tables/placements.js";
export * from "./tables/postings.js";
export * from "./tables/rate-limits.js";
export * from "./tables/vouchers.js";
export * from "./tables/webhooks.js";
export * from "./tables/workers.js";
