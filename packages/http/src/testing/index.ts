export * from "./access.js";
export * from "./bad-input.js";
export * from "./child.js";
export * from "./conformance.js";
export * from "./json.js";
export * from "./process.js";
