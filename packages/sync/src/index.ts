export * from "./db/index.js";
export * from "./schema.js";
