import { defineConfig } from "vitest/config";

// Unit tests: pure logic only, in Node. Browser tests have their own config.
export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "src/**/*.test.ts"],
    environment: "node",
  },
});
