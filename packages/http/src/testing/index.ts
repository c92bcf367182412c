export * from "./child.js";
export * from "./conformance.js";
export * from "./process.js";
