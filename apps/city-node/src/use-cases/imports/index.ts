export * from "./jobs.js";
export * from "./limits.js";
export * from "./read-form.js";
export * from "./rejection-report.js";
export * from "./sniff.js";
export * from "./template.js";
