import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The matrix runs real processes and a broker of its own: minutes, not seconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
