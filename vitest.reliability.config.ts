import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// `npm run test:reliability`: fuzzing, crash, database-fault, concurrency and two-instance
// scenarios. Kept out of the main suite because they run for minutes and start servers. Same
// environment as vitest.config.ts, so the handlers behave as in every other test (not merged:
// mergeConfig would concatenate the include and exclude lists).
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    environment: "node",
    setupFiles: ["tests/reliability/support/setup.ts"],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    // Each file owns its databases and servers; two at a time fit the 2-core machines.
    pool: "forks",
    maxWorkers: 2,
    env: { ...base.test?.env },
  },
});
