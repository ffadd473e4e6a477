import { defineConfig } from "@playwright/test";
import { E2E_DISCORD_GUILD_ID, E2E_DISCORD_GUILD_NAME, E2E_DISCORD_PUBLIC_KEY } from "./e2e/fakes/discord-test-keys";
import { FAKE_DISCORD_APPLICATION_ID, FAKE_DISCORD_BOT_TOKEN } from "./e2e/fakes/fake-discord";

// Debian's Chromium: Playwright cannot download its own browsers on these machines.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.TETHER_E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
// The fake Jira site e2e/jira.spec.ts starts; the server fetches install keys from it.
const fakeJiraPort = Number(process.env.TETHER_E2E_JIRA_PORT ?? 3299);
// The fake Discord API e2e/discord.spec.ts starts; the server sends messages and follow-ups to it.
const fakeDiscordPort = Number(process.env.TETHER_E2E_DISCORD_PORT ?? 3298);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // One server with one embedded database; the machines have 2 cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results/playwright",
  // scripts/test.ts reads the counts from the json report.
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // Builds first when .next is missing or stale (npm test builds beforehand).
    timeout: 300_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      TETHER_E2E_PORT: String(port),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      JIRA_CONNECT_KEYS_URL: `http://127.0.0.1:${fakeJiraPort}/install-keys`,
      JIRA_ALLOW_INSECURE_BASE_URL: "1",
      DISCORD_APPLICATION_ID: FAKE_DISCORD_APPLICATION_ID,
      DISCORD_PUBLIC_KEY: E2E_DISCORD_PUBLIC_KEY,
      DISCORD_BOT_TOKEN: FAKE_DISCORD_BOT_TOKEN,
      DISCORD_API_BASE_URL: `http://127.0.0.1:${fakeDiscordPort}/api/v10`,
      TETHER_E2E_DISCORD_GUILD_ID: E2E_DISCORD_GUILD_ID,
      TETHER_E2E_DISCORD_GUILD_NAME: E2E_DISCORD_GUILD_NAME,
    },
    stdout: "pipe",
    stderr: "pipe",
  },
});
