export * from "./calendar.js";
export * from "./divisions.js";
export * from "./errors.js";
export * from "./json.js";
export * from "./log.js";
