import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Real PostgreSQL, Kafka and child processes: slower than unit tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
