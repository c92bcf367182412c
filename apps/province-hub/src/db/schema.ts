// The hub's tables. The outbox and inbox of packages/sync live in every service's own database,
// so they are part of this schema and of this app's migrations.
export { inbox, outbox } from "@pes/sync/schema";
export * from "./tables/conflicts.js";
export * from "./tables/evidence.js";
export * from "./tables/indicators.js";
export * from "./tables/monitoring.js";
export * from "./tables/needs.js";
export * from "./tables/operators.js";
export * from "./tables/receipts.js";
export * from "./tables/records.js";
export * from "./tables/vouchers.js";
export * from "./tables/warnings.js";
