import { PRODUCTION_SECRETS } from "@pes/http/testing";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/env.js";

describe("province-hub env", () => {
  it("defaults to port 8080, the local broker and a data folder under .pes/data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.kafkaBrokers).toEqual(["127.0.0.1:19094"]);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/\.pes\/data\/province-hub$/);
  });

  it("rejects a bad PORT naming the variable", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT: /);
    expect(() => loadConfig({ PORT: "0" })).toThrow(/PORT: must be between 1 and 65535/);
  });

  it("refuses the development person-key secret and personal-data key in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/PES_PERSON_KEY_SECRET/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/PES_PII_KEY/);
    expect(() => loadConfig({ NODE_ENV: "production", PES_PII_KEY: "short" })).toThrow(
      /PES_PII_KEY: must be 32 random bytes/,
    );
    expect(loadConfig({ ...PRODUCTION_SECRETS }).nodeEnv).toBe("production");
  });

  it("reports flow-back overdue after 60 minutes without a receipt unless PES_RECEIPT_OVERDUE_MINUTES says otherwise", () => {
    expect(loadConfig({}).receiptOverdueMinutes).toBe(60);
    expect(loadConfig({ PES_RECEIPT_OVERDUE_MINUTES: "0" }).receiptOverdueMinutes).toBe(0);
    expect(() => loadConfig({ PES_RECEIPT_OVERDUE_MINUTES: "soon" })).toThrow(/PES_RECEIPT_OVERDUE_MINUTES/);
  });
});
