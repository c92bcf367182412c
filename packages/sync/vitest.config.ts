import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Real broker and database: generous limits, and files in parallel but each on its own topics and database.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 3,
  },
});
