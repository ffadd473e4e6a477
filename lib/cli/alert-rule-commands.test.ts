import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { createTestDatabase } from "@/lib/testing/db";
import { installDiscordGuild, useFakeDiscordEnvironment } from "@/lib/testing/discord-fixtures";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { runCli } from "./run-cli";

const GUILD = "850000000000000001";
const CHANNEL = "850000000000000011";
const VOICE = "850000000000000012";

async function cli(database: Database, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, database });
  return { code, stdout, stderr };
}

describe("tether alert-rule commands", () => {
  let database: Database;
  let orgSlug: string;
  const fake = new FakeDiscord();

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    await fake.start();
    useFakeDiscordEnvironment(fake);
    fake.addGuild(GUILD, "Acme");
    fake.addChannel({ id: CHANNEL, guildId: GUILD, name: "alerts", type: 0 });
    fake.addChannel({ id: VOICE, guildId: GUILD, name: "standup", type: 2 });
    const world = await createOrganizationWithProject(database.prisma, { members: 0 });
    orgSlug = world.organization.slug;
    await installDiscordGuild(database.prisma, world.organization.id, GUILD, "Acme");
  });
  afterAll(async () => {
    await fake.stop();
    await database.close();
  });

  it("creates issue and metric rules, lists them and deletes one", async () => {
    const issue = await cli(database, "alert-rule", "create", "--org", orgSlug, "--project", "backend", "--name", "New errors", "--discord-guild", GUILD, "--channel", `https://discord.com/channels/${GUILD}/${CHANNEL}`, "--tags", "browser,release", "--json");
    expect(issue.code, issue.stderr).toBe(0);
    const created = JSON.parse(issue.stdout) as { id: string; kind: string; discord: { channelId: string; tags: string[] } };
    expect(created).toMatchObject({ kind: "issue", discord: { channelId: CHANNEL, tags: ["browser", "release"] } });

    const metric = await cli(database, "alert-rule", "create", "--org", orgSlug, "--project", "backend", "--name", "Spike", "--discord-guild", GUILD, "--channel", CHANNEL, "--kind", "metric", "--window", "10", "--warning", "100", "--critical", "500");
    expect(metric.code, metric.stderr).toBe(0);
    expect(metric.stdout).toMatch(/Created alert rule .* Spike \(metric, 10 min, warning 100, critical 500\) → Acme #alerts/);

    const list = await cli(database, "alert-rule", "list", "--org", orgSlug, "--project", "backend");
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split("\n")).toHaveLength(2);
    expect(list.stdout).toMatch(/New errors \(issue, on new_group and regression\) → Acme #alerts, tags browser,release/);

    const deleted = await cli(database, "alert-rule", "delete", "--id", created.id);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/Deleted alert rule New errors/);
    expect(JSON.parse((await cli(database, "alert-rule", "list", "--org", orgSlug, "--json")).stdout)).toHaveLength(1);
  });

  it("fails clearly for a voice channel, an unknown guild, a bad window, an unknown rule and missing options", async () => {
    const base = ["alert-rule", "create", "--org", orgSlug, "--project", "backend", "--name", "X"];
    const voice = await cli(database, ...base, "--discord-guild", GUILD, "--channel", VOICE);
    expect(voice.code).toBe(1);
    expect(voice.stderr).toMatch(/#standup is a voice channel/);
    const guild = await cli(database, ...base, "--discord-guild", "850000000000000099", "--channel", CHANNEL);
    expect(guild.code).toBe(1);
    expect(guild.stderr).toMatch(/not installed on this organization/);
    const window = await cli(database, ...base, "--discord-guild", GUILD, "--channel", CHANNEL, "--kind", "metric", "--window", "7", "--critical", "5");
    expect(window.code).toBe(1);
    expect(window.stderr).toMatch(/windowMinutes/);
    expect((await cli(database, "alert-rule", "delete", "--id", "nope")).code).toBe(1);
    expect((await cli(database, "alert-rule", "create", "--org", orgSlug)).code).toBe(2);
  });
});
