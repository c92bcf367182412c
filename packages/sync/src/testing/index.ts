export * from "./database.js";
export * from "./kafka.js";
export * from "./metrics.js";
export * from "./trust.js";
export * from "./wait.js";
