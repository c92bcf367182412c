export * from "./catalogue.js";
export * from "./codec.js";
export * from "./definition.js";
export * from "./envelope.js";
export * from "./person-key.js";
export * from "./records/index.js";
export * from "./registry.js";
export * from "./values/index.js";
