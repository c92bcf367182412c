export * from "./database.js";
export * from "./kafka.js";
export * from "./wait.js";
