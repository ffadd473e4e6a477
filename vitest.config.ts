import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // Minutes long and server-starting: run by `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: [...configDefaults.exclude, "tests/reliability/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are memory hungry and the machines have 2 cores.
    pool: "forks",
    maxWorkers: 2,
    env: { NEXTAUTH_SECRET: "test-secret-for-vitest-only", TETHER_BCRYPT_COST: "4", JIRA_ALLOW_INSECURE_BASE_URL: "1", TETHER_SECRET_KEY: "vitest-only-secret-key", TETHER_BASE_URL: "https://tether.test" },
  },
});
