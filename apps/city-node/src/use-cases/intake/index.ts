export * from "./atomic.js";
export * from "./define.js";
export * from "./desk.js";
export * from "./refusals.js";
export * from "./registry.js";
export * from "./types.js";
