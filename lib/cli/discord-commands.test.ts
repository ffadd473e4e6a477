import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { runCli } from "./run-cli";

async function cli(database: Database, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, database });
  return { code, stdout, stderr };
}

const DISCORD_ENV = ["DISCORD_APPLICATION_ID", "DISCORD_PUBLIC_KEY", "DISCORD_BOT_TOKEN", "DISCORD_API_BASE_URL"] as const;
const saved = Object.fromEntries(DISCORD_ENV.map((key) => [key, process.env[key]]));

function restoreEnv() {
  for (const key of DISCORD_ENV) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
}

describe("tether discord commands", () => {
  let database: Database;
  let orgSlug: string;
  const discord = new FakeDiscord();

  beforeAll(async () => {
    await discord.start();
    discord.addGuild("710000000000000001", "Acme Ops");
    process.env.DISCORD_APPLICATION_ID = discord.applicationId;
    process.env.DISCORD_PUBLIC_KEY = "ab".repeat(32);
    process.env.DISCORD_BOT_TOKEN = discord.botToken;
    process.env.DISCORD_API_BASE_URL = discord.apiBaseUrl;
    database = await createTestDatabase("pglite");
    orgSlug = (await createOrganizationWithProject(database.prisma)).organization.slug;
  });
  afterAll(async () => {
    restoreEnv();
    await database.close();
    await discord.stop();
  });

  it("adds a guild to an organization by id, idempotently, and removes it", async () => {
    const added = await cli(database, "discord", "add", "--guild", "710000000000000001", "--org", orgSlug);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(new RegExp(`^Connected Discord server Acme Ops \\(710000000000000001\\) to ${orgSlug} \\(integration \\w+\\); members can now use /link there\\n$`));
    const again = await cli(database, "discord", "add", "--guild", "710000000000000001", "--org", orgSlug, "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ guildId: "710000000000000001", name: "Acme Ops", organization: orgSlug, created: false });
    expect(await database.prisma.organizationIntegration.count()).toBe(1);

    const removed = await cli(database, "discord", "remove", "--guild", "710000000000000001");
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(
      "Removed Discord server Acme Ops (710000000000000001) from 1 organization; the integration is disabled and 0 linked Discord accounts were unlinked. The bot stays in the server until a server admin removes it.\n",
    );
    expect(await database.prisma.organizationIntegration.count()).toBe(0);
    expect(await database.prisma.syncEvent.count({ where: { provider: "discord", kind: "install" } })).toBe(3);
  });

  it("says what to do when the bot is not in the guild, the guild is not connected, or an option is missing", async () => {
    const unknown = await cli(database, "discord", "add", "--guild", "719999999999999999", "--org", orgSlug);
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toBe("error: The bot is not in guild 719999999999999999: add it with the install link first (Settings › Integrations › Add to Discord)\n");
    const notConnected = await cli(database, "discord", "remove", "--guild", "719999999999999999", "--org", orgSlug);
    expect(notConnected.code).toBe(1);
    expect(notConnected.stderr).toMatch(/not connected to this organization/);
    expect((await cli(database, "discord", "add", "--guild", "abc", "--org", orgSlug)).stderr).toMatch(/A Discord guild id is a number/);
    expect((await cli(database, "discord", "add", "--org", orgSlug)).code).toBe(2);
    expect((await cli(database, "discord", "add", "--guild", "710000000000000001", "--org", "no-such-org")).stderr).toMatch(/No organization with slug 'no-such-org'/);
  });

  it("registers the three commands globally or in one guild, replacing what was there, and reports what Discord registered", async () => {
    discord.commands.set("global", [{ name: "old-command", description: "gone after the overwrite" }]);
    const global = await cli(database, "discord", "register-commands");
    expect(global.code).toBe(0);
    expect(global.stdout).toMatch(new RegExp(`^Discord registered 3 commands globally for application ${discord.applicationId}:\\n  /help  Show what Tether's bot can do here  \\(id \\d+\\)\\n  /link  .+\\n  /unlink  .+\\n$`));
    const put = discord.requestsTo("PUT", `/applications/${discord.applicationId}/commands`).at(-1);
    expect(put?.authorized).toBe(true);
    expect((put?.body as { name: string; type: number }[]).map((c) => [c.name, c.type])).toEqual([
      ["help", 1],
      ["link", 1],
      ["unlink", 1],
    ]);
    expect((discord.commands.get("global") as { name: string }[]).map((c) => c.name)).toEqual(["help", "link", "unlink"]);

    const guild = await cli(database, "discord", "register-commands", "--guild", "710000000000000001", "--json");
    expect(JSON.parse(guild.stdout)).toMatchObject({ scope: { guildId: "710000000000000001" }, commands: [{ name: "help" }, { name: "link" }, { name: "unlink" }] });
    expect(discord.commands.get("710000000000000001")).toHaveLength(3);
  });

  it("names what is wrong when Discord refuses the commands or the application is not configured", async () => {
    discord.failNext("PUT /applications/", { status: 403, body: { message: "Missing Access", code: 50001 } });
    const refused = await cli(database, "discord", "register-commands", "--guild", "710000000000000001");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Discord refused the commands for guild 710000000000000001: the bot must be in it with the applications.commands scope/);

    delete process.env.DISCORD_BOT_TOKEN;
    delete process.env.DISCORD_APPLICATION_ID;
    try {
      const unconfigured = await cli(database, "discord", "register-commands");
      expect(unconfigured.code).toBe(1);
      expect(unconfigured.stderr).toBe("error: Discord is not configured: set DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN in the environment\n");
    } finally {
      process.env.DISCORD_APPLICATION_ID = discord.applicationId;
      process.env.DISCORD_BOT_TOKEN = discord.botToken;
    }
  });
});
