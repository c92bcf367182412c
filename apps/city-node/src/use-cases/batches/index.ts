export * from "./refusal.js";
export * from "./run.js";
export * from "./service-points.js";
