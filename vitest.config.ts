// Test runner settings: every *.test.ts under test/, one fork per file, room for oracle runs of real torch.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ["default"],
  },
});
