import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { installDiscordGuild, useFakeDiscordEnvironment } from "@/lib/testing/discord-fixtures";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { createAlertRule } from "./create-alert-rule";
import { deleteAlertRule } from "./delete-alert-rule";
import { listAlertRules } from "./list-alert-rules";
import { updateAlertRule } from "./update-alert-rule";

const GUILD = "810000000000000001";
const OTHER_GUILD = "810000000000000002";
const TEXT = "820000000000000001";
const VOICE = "820000000000000002";
const ANNOUNCEMENTS = "820000000000000003";
const FOREIGN_TEXT = "820000000000000004";
const MISSING = "820000000000000099";

const fake = new FakeDiscord();

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(await testDatabaseKinds())("alert rules on %s", (kind) => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await fake.start();
    useFakeDiscordEnvironment(fake);
    fake.addGuild(GUILD, "Acme");
    fake.addGuild(OTHER_GUILD, "Elsewhere");
    fake.addChannel({ id: TEXT, guildId: GUILD, name: "alerts", type: 0 });
    fake.addChannel({ id: VOICE, guildId: GUILD, name: "standup", type: 2 });
    fake.addChannel({ id: ANNOUNCEMENTS, guildId: GUILD, name: "news", type: 5 });
    fake.addChannel({ id: FOREIGN_TEXT, guildId: OTHER_GUILD, name: "general", type: 0 });
  });
  afterAll(async () => {
    await fake.stop();
    await database.close();
  });

  async function world() {
    const db = database.prisma;
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    const integration = (await installDiscordGuild(db, organization.id, GUILD, "Acme")).integration;
    return { db, organization, project, integration, scope: { organizationId: organization.id, projectId: project.id } };
  }

  it("creates an issue rule with the channel checked with Discord, and lists it", async () => {
    const { db, organization, project, integration, scope } = await world();
    const rule = await createAlertRule(db, { ...scope, rule: { name: "New errors", discord: { integrationId: integration.id, channel: TEXT, tags: ["browser", " release ", "browser", ""] } } });
    expect(rule).toMatchObject({
      kind: "issue",
      name: "New errors",
      enabled: true,
      projectSlug: project.slug,
      triggers: ["new_group", "regression"],
      discord: { integrationId: integration.id, guildId: GUILD, guildName: "Acme", channelId: TEXT, channelName: "alerts", tags: ["browser", "release"] },
    });
    expect(fake.requestsTo("GET", `/channels/${TEXT}`).at(-1)?.authorized).toBe(true);
    expect(await listAlertRules(db, { organizationId: organization.id })).toEqual([rule]);
  });

  it("takes the guild by its id and the channel as a channel link, and announcement channels", async () => {
    const { db, scope } = await world();
    const rule = await createAlertRule(db, { ...scope, rule: { kind: "issue", name: "Link", triggers: ["regression"], discord: { guildId: GUILD, channel: `https://discord.com/channels/${GUILD}/${ANNOUNCEMENTS}` } } });
    expect(rule.discord).toMatchObject({ channelId: ANNOUNCEMENTS, channelName: "news", tags: [] });
    expect(rule.triggers).toEqual(["regression"]);
  });

  it("creates a metric rule with its window and thresholds", async () => {
    const { db, integration, scope } = await world();
    const rule = await createAlertRule(db, { ...scope, rule: { kind: "metric", name: "Spike", windowMinutes: 10, warningThreshold: 100, criticalThreshold: 500, discord: { integrationId: integration.id, channel: TEXT } } });
    expect(rule).toMatchObject({ kind: "metric", windowMinutes: 10, warningThreshold: 100, criticalThreshold: 500 });
    const stored = await db.alertRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(stored.config).toMatchObject({ windowMinutes: 10, warningThreshold: 100, criticalThreshold: 500, discord: { channelId: TEXT, guildId: GUILD } });
  });

  it.each([
    ["an unknown channel", { channel: MISSING }, /Discord has no channel 820000000000000099 \(Unknown Channel\)/],
    ["a channel of another guild", { channel: FOREIGN_TEXT }, /belongs to another Discord server, not Acme/],
    ["a voice channel", { channel: VOICE }, /#standup is a voice channel; alerts can only be posted to text or announcement channels/],
    ["a link to another guild's channel", { channel: `https://discord.com/channels/${OTHER_GUILD}/${TEXT}` }, /channel link is for another Discord server/],
    ["something that is no channel", { channel: "#alerts" }, /Discord channel id \(digits\) or a https:\/\/discord.com\/channels/],
  ])("rejects %s with a 400 that names it and writes nothing", async (_name, destination, message) => {
    const { db, integration, scope } = await world();
    const error = await rejection(createAlertRule(db, { ...scope, rule: { name: "Bad", discord: { integrationId: integration.id, ...destination } } }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
    expect(await db.alertRule.count({ where: { projectId: scope.projectId } })).toBe(0);
  });

  it("rejects a Discord integration of another organization and a disabled one", async () => {
    const { db, scope } = await world();
    const other = await world();
    const foreign = (await installDiscordGuild(db, other.organization.id, OTHER_GUILD, "Elsewhere")).integration;
    const error = await rejection(createAlertRule(db, { ...scope, rule: { name: "Foreign", discord: { integrationId: foreign.id, channel: FOREIGN_TEXT } } }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/not installed on this organization/);
    const byGuild = await rejection(createAlertRule(db, { ...scope, rule: { name: "Foreign", discord: { guildId: OTHER_GUILD, channel: FOREIGN_TEXT } } }));
    expect(byGuild.message).toMatch(/Discord server 810000000000000002 is not installed on this organization/);
    await db.organizationIntegration.updateMany({ where: { organizationId: scope.organizationId }, data: { status: "disabled" } });
    const disabled = await rejection(createAlertRule(db, { ...scope, rule: { name: "Off", discord: { guildId: GUILD, channel: TEXT } } }));
    expect(disabled.message).toMatch(/is disabled/);
    expect(await db.alertRule.count({ where: { organizationId: scope.organizationId } })).toBe(0);
  });

  it("rejects bad rule fields with validation errors naming each field", async () => {
    const { db, integration, scope } = await world();
    const destination = { integrationId: integration.id, channel: TEXT };
    for (const rule of [
      { name: "", discord: destination },
      { kind: "metric", name: "W", windowMinutes: 7, criticalThreshold: 5, discord: destination },
      { kind: "metric", name: "W", windowMinutes: 5, warningThreshold: 50, criticalThreshold: 5, discord: destination },
      { kind: "weird", name: "W", discord: destination },
      { name: "W", triggers: [], discord: destination },
      { name: "W", discord: { channel: TEXT } },
    ]) {
      const error = await rejection(createAlertRule(db, { ...scope, rule }));
      expect(error.status, JSON.stringify(rule)).toBe(400);
    }
    expect(await db.alertRule.count({ where: { projectId: scope.projectId } })).toBe(0);
  });

  it("disables, renames, moves and deletes a rule; another organization's rule is not found", async () => {
    const { db, integration, scope } = await world();
    const rule = await createAlertRule(db, { ...scope, rule: { name: "R", discord: { integrationId: integration.id, channel: TEXT } } });
    expect(await updateAlertRule(db, { ...scope, ruleId: rule.id, update: { enabled: false, name: "Renamed" } })).toMatchObject({ enabled: false, name: "Renamed", discord: { channelId: TEXT } });
    const moved = await updateAlertRule(db, { ...scope, ruleId: rule.id, update: { discord: { guildId: GUILD, channel: ANNOUNCEMENTS, tags: "env, browser" } } });
    expect(moved.discord).toMatchObject({ channelId: ANNOUNCEMENTS, tags: ["env", "browser"] });
    const voice = await rejection(updateAlertRule(db, { ...scope, ruleId: rule.id, update: { discord: { guildId: GUILD, channel: VOICE } } }));
    expect(voice.status).toBe(400);
    expect((await rejection(updateAlertRule(db, { ...scope, ruleId: rule.id, update: { criticalThreshold: 5 } }))).message).toMatch(/only apply to metric/);

    const other = await world();
    expect((await rejection(deleteAlertRule(db, { organizationId: other.organization.id, ruleId: rule.id }))).status).toBe(404);
    expect((await rejection(updateAlertRule(db, { organizationId: other.organization.id, ruleId: rule.id, update: { enabled: true } }))).status).toBe(404);
    expect(await deleteAlertRule(db, { ...scope, ruleId: rule.id })).toEqual({ id: rule.id, name: "Renamed" });
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
  });
});
