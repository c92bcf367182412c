export * from "./commitment-131.js";
export * from "./difficulty.js";
export * from "./errors.js";
export * from "./jurisdiction.js";
export * from "./retirement.js";
export * from "./unemployment.js";
export * from "./working-calendar.js";
export * from "./zero-employment.js";
