// The server Playwright tests run against (playwright.config.ts webServer): a fresh embedded
// database in a temporary directory, migrated and seeded with the demo organization, served by
// the production build. The directory is removed when the server stops.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildNeeded, writeBuildStamp } from "./build-stamp";

const NEXT_BIN = path.join("node_modules", ".bin", "next");
const port = process.env.TETHER_E2E_PORT ?? "3210";
const dataDir = mkdtempSync(path.join(tmpdir(), "tether-e2e-"));
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: `pglite:${path.join(dataDir, "pglite")}`,
  TETHER_DATA_DIR: dataDir,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  // The sandbox Jira site (on with the demo data) installs itself through this address.
  TETHER_INTERNAL_URL: `http://127.0.0.1:${port}`,
};
Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, TETHER_DATA_DIR: dataDir });

try {
  const { openDatabase } = await import("@/lib/db/client");
  const { applyPendingMigrations } = await import("@/lib/db/migrate");
  const { seedDemoData } = await import("@/lib/demo/seed-demo");
  const database = await openDatabase();
  try {
    await applyPendingMigrations(database);
    await seedDemoData(database.prisma);
    // e2e/group-page.spec.ts: a group with known events, frames and sync rows.
    const { addE2eGroupPageGroup } = await import("./e2e-group-page");
    await addE2eGroupPageGroup(database.prisma, { organizationSlug: "acme" });
    // e2e/group-event-sdk.spec.ts: a group whose event came from a Sentry SDK.
    const { addE2eSdkEventGroup } = await import("./e2e-sdk-event");
    await addE2eSdkEventGroup(database.prisma, { organizationSlug: "acme" });
    // e2e/groups-triage.spec.ts: some groups linked to Jira for the list's "linked" filter.
    const { linkE2eGroups } = await import("./e2e-linked-groups");
    await linkE2eGroups(database.prisma, { organizationSlug: "acme", count: 4 });
    // e2e/discord.spec.ts: the Discord server playwright.config.ts names, added to the demo organization.
    if (process.env.TETHER_E2E_DISCORD_GUILD_ID) {
      const { addE2eDiscordGuild } = await import("./e2e-discord-guild");
      await addE2eDiscordGuild(database.prisma, { guildId: process.env.TETHER_E2E_DISCORD_GUILD_ID, name: process.env.TETHER_E2E_DISCORD_GUILD_NAME ?? "Discord", organizationSlug: "acme" });
    }
  } finally {
    await database.close();
  }
  const reason = buildNeeded();
  if (reason) {
    console.log(`[e2e-server] building (${reason})`);
    const build = spawnSync(NEXT_BIN, ["build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed");
    writeBuildStamp();
  }
} catch (error) {
  cleanUp();
  throw error;
}

const child = spawn(NEXT_BIN, ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on("exit", (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
