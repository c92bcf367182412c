import { PRODUCTION_SECRETS } from "@pes/http/testing";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/env.js";

describe("gig-market env", () => {
  it("defaults to port 8090, the local broker, a data folder under .pes/data and 600 requests a minute", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8090);
    expect(config.kafkaBrokers).toEqual(["127.0.0.1:19094"]);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/\.pes\/data\/gig-market$/);
    expect(config.rateLimitPerMinute).toBe(600);
  });

  it("rejects a bad PORT naming the variable", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT: /);
    expect(() => loadConfig({ PORT: "0" })).toThrow(/PORT: must be between 1 and 65535/);
  });

  it("reads PES_RATE_LIMIT_PER_MINUTE and rejects a bad one naming the variable", () => {
    expect(loadConfig({ PES_RATE_LIMIT_PER_MINUTE: "60" }).rateLimitPerMinute).toBe(60);
    expect(() => loadConfig({ PES_RATE_LIMIT_PER_MINUTE: "many" })).toThrow(/PES_RATE_LIMIT_PER_MINUTE: /);
    expect(() => loadConfig({ PES_RATE_LIMIT_PER_MINUTE: "0" })).toThrow(
      /PES_RATE_LIMIT_PER_MINUTE: must be at least 1/,
    );
    expect(() => loadConfig({ PES_RATE_LIMIT_PER_MINUTE: "1.5" })).toThrow(
      /PES_RATE_LIMIT_PER_MINUTE: must be a whole number/,
    );
  });

  it("reads the webhook settings (default 10 s backoff, 8 attempts, 10 s timeout, 24 h secret overlap) and rejects bad ones", () => {
    expect(loadConfig({}).webhooks).toEqual({
      backoffMs: 10_000,
      maxAttempts: 8,
      timeoutMs: 10_000,
      allowHosts: [],
      secretOverlapSeconds: 86_400,
    });
    expect(
      loadConfig({
        PES_WEBHOOK_BACKOFF_MS: "50",
        PES_WEBHOOK_MAX_ATTEMPTS: "3",
        PES_WEBHOOK_TIMEOUT_MS: "2000",
        PES_WEBHOOK_SECRET_OVERLAP_SECONDS: "0",
      }).webhooks,
    ).toEqual({ backoffMs: 50, maxAttempts: 3, timeoutMs: 2000, allowHosts: [], secretOverlapSeconds: 0 });
    expect(() => loadConfig({ PES_WEBHOOK_SECRET_OVERLAP_SECONDS: "-1" })).toThrow(
      /PES_WEBHOOK_SECRET_OVERLAP_SECONDS: must be at least 0/,
    );
    expect(() => loadConfig({ PES_WEBHOOK_BACKOFF_MS: "soon" })).toThrow(/PES_WEBHOOK_BACKOFF_MS: /);
    expect(() => loadConfig({ PES_WEBHOOK_MAX_ATTEMPTS: "0" })).toThrow(
      /PES_WEBHOOK_MAX_ATTEMPTS: must be at least 1/,
    );
    expect(() => loadConfig({ PES_WEBHOOK_TIMEOUT_MS: "10" })).toThrow(
      /PES_WEBHOOK_TIMEOUT_MS: must be at least 100/,
    );
  });

  it("refuses the development person-key secret and personal-data key in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/PES_PERSON_KEY_SECRET/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/PES_PII_KEY/);
    expect(loadConfig({ ...PRODUCTION_SECRETS }).nodeEnv).toBe("production");
  });

  it("reads the voucher authority: PES_HUB_URL needs PES_HUB_TOKEN, a hub token", () => {
    expect(loadConfig({}).hub).toBeUndefined();
    const token = `pes_ph_${"a".repeat(43)}`;
    expect(loadConfig({ PES_HUB_URL: "http://127.0.0.1:8080", PES_HUB_TOKEN: token }).hub).toEqual({
      url: "http://127.0.0.1:8080",
      token,
    });
    expect(() => loadConfig({ PES_HUB_URL: "http://127.0.0.1:8080" })).toThrow(/PES_HUB_TOKEN: is required/);
    expect(() => loadConfig({ PES_HUB_URL: "hub" })).toThrow(/PES_HUB_URL: /);
    expect(() => loadConfig({ PES_HUB_URL: "http://h", PES_HUB_TOKEN: "pes_gm_x" })).toThrow(
      /PES_HUB_TOKEN: /,
    );
  });
});
