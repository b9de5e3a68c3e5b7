import { defineConfig } from "vitest/config";

// Browser tests drive Debian's Chromium through playwright-core against the built `dist/`.
// One Chromium at a time: the machine has two cores and the tests share one static server each.
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
