export * from "./calendar.js";
export * from "./divisions.js";
export * from "./errors.js";
export * from "./log.js";
