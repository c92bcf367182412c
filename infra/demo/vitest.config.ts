import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The whole platform as child processes, on a shared machine: minutes, not seconds.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
