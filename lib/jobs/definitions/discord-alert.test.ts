import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createAlertRule } from "@/lib/domain/alerts/create-alert-rule";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { eventInputSchema } from "@/lib/domain/events/schema";
import { archiveGroup } from "@/lib/domain/group-actions/archive-group";
import { resolveGroup } from "@/lib/domain/group-actions/resolve-group";
import { integrationProviders } from "@/lib/integrations/providers";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { installDiscordGuild, useFakeDiscordEnvironment } from "@/lib/testing/discord-fixtures";
import { createOrganizationWithProject, createRelease } from "@/lib/testing/group-fixtures";
import { waitFor } from "@/lib/testing/wait-for";
import { createJobDefinitionRegistry } from "../job-definitions";
import type { AnyJobDefinition } from "../job-definition";
import { startJobQueue, type JobQueue } from "../job-queue";
import { discordAlertJob } from "./discord-alert";

const GUILD = "830000000000000001";
const BASE_URL = "https://tether.example";
const fake = new FakeDiscord();
const providers = integrationProviders;
const definitions = createJobDefinitionRegistry([discordAlertJob as AnyJobDefinition]);
const dashboard = { kind: "dashboard" as const };
let nextChannel = 840000000000000000n;

describe.each(await testDatabaseKinds())("issue alerts to Discord on %s", (kind) => {
  let database: Database;
  let queue: JobQueue | null = null;
  const start = async () => {
    queue = await startJobQueue(database, { providers, definitions, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, maxAttempts: 4 });
    return queue;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await fake.start();
    useFakeDiscordEnvironment(fake);
    process.env.TETHER_BASE_URL = BASE_URL;
    fake.addGuild(GUILD, "Acme");
  });
  afterEach(async () => {
    await queue?.stop();
    queue = null;
  });
  afterAll(async () => {
    await fake.stop();
    await database.close();
  });

  /** A project with a Discord guild, one text channel of its own and an issue rule posting there. */
  async function alerting(rule: Record<string, unknown> = {}) {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 0 });
    const integration = (await installDiscordGuild(db, world.organization.id, GUILD, "Acme")).integration;
    nextChannel += 1n;
    const channelId = nextChannel.toString();
    fake.addChannel({ id: channelId, guildId: GUILD, name: `alerts-${channelId.slice(-3)}`, type: 0 });
    const created = await createAlertRule(db, {
      organizationId: world.organization.id,
      projectId: world.project.id,
      rule: { name: "Backend errors", discord: { integrationId: integration.id, channel: channelId, tags: ["browser", "release"] }, ...rule },
    });
    const project = { id: world.project.id, slug: world.project.slug, organizationId: world.organization.id };
    const ingest = async (event: Record<string, unknown> = {}) => {
      const result = await ingestEvents(db, { project, events: [eventInputSchema.parse({ exception: { type: "TypeError", value: "x is undefined" }, fingerprint: ["one"], ...event })] });
      return result.groups[0];
    };
    const messages = async () => fake.messages.filter((message) => message.channelId === channelId);
    const history = (groupId: string) => db.syncEvent.findMany({ where: { groupId, provider: "discord", kind: "notification" }, orderBy: [{ createdAt: "asc" }, { attempt: "asc" }] });
    return { db, world, integration, channelId, rule: created, ingest, messages, history };
  }

  it("posts the embed and buttons of a new issue, and records the message in the sync history", async () => {
    await start();
    const { world, channelId, rule, ingest, messages, history } = await alerting();
    const group = await ingest({ level: "warning", tags: { browser: "firefox", os: "linux" }, environment: "production", timestamp: "2026-11-01T10:00:00Z" });
    const [message] = await waitFor(messages, (list) => list.length >= 1);
    const [row] = await waitFor(() => history(group.id), (rows) => rows.some((r) => r.outcome === "applied"));
    const notificationUuid = (row.payload as { firingId: string }).firingId;
    expect(message.body).toEqual({
      content: "",
      embeds: [
        {
          title: "TypeError",
          description: "x is undefined",
          url: `${BASE_URL}/o/${world.organization.slug}/groups/${group.id}?referrer=discord&alert_rule_id=${rule.id}&alert_type=issue&environment=production&notification_uuid=${notificationUuid}`,
          color: 16761383,
          footer: { text: `${group.qualifiedShortId} via Backend errors` },
          fields: [{ name: "browser", value: "firefox", inline: true }],
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, custom_id: `resolve:${group.id}`, label: "Resolve", disabled: false },
            { type: 2, style: 2, custom_id: `archive:${group.id}`, label: "Archive", disabled: false },
            { type: 2, style: 2, custom_id: `assign_dialog:${group.id}`, label: "Assign...", disabled: false },
          ],
        },
      ],
    });
    expect(fake.requestsTo("POST", `/channels/${channelId}/messages`).every((request) => request.authorized)).toBe(true);
    expect(row).toMatchObject({ provider: "discord", kind: "notification", direction: "outbound", outcome: "applied", attempt: 1, externalKey: channelId, organizationId: world.organization.id, reason: `message ${message.id}` });
    expect(await history(group.id)).toHaveLength(1);
    // A second event of the same (unresolved) group is no new issue: no alert.
    await ingest();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await messages()).toHaveLength(1);
  });

  it("posts again when a resolved issue regresses, with the resolve dialog once the project has releases", async () => {
    await start();
    const { db, world, ingest, messages, history } = await alerting();
    const group = await ingest({ level: "fatal", message: "ignored" });
    await waitFor(messages, (list) => list.length === 1);
    await createRelease(db, world.project.id, "1.0.0");
    await resolveGroup(db, { organizationId: world.organization.id, groupId: group.id, actor: { system: true }, source: dashboard });
    const regressed = await ingest({ level: "error", tags: { release: "1.0.0" } });
    expect(regressed).toMatchObject({ id: group.id, regressed: true });
    const list = await waitFor(messages, (all) => all.length === 2);
    const embed = (list[1].body.embeds as Record<string, unknown>[])[0];
    expect(embed).toMatchObject({ title: "TypeError", color: 14695983, fields: [{ name: "release", value: "1.0.0", inline: true }] });
    expect((list[1].body.components as { components: { custom_id: string; label: string }[] }[])[0].components.map((button) => [button.custom_id, button.label])).toEqual([
      [`resolve_dialog:${group.id}`, "Resolve..."],
      [`archive:${group.id}`, "Archive"],
      [`assign_dialog:${group.id}`, "Assign..."],
    ]);
    const rows = await waitFor(() => history(group.id), (all) => all.filter((r) => r.outcome === "applied").length === 2);
    expect(rows.map((r) => r.reason?.startsWith("message "))).toEqual([true, true]);
  });

  it("shows the buttons of the group's state when the job runs: Unresolve for resolved, Mark as Ongoing for archived", async () => {
    const { db, world, ingest, messages } = await alerting();
    // No queue yet: the alerts wait as outbox rows while the groups change.
    const resolved = await ingest({ fingerprint: ["resolved"] });
    const archived = await ingest({ fingerprint: ["archived"], exception: undefined, title: "Disk almost full", level: "info" });
    const scope = { organizationId: world.organization.id, actor: { system: true as const }, source: dashboard };
    await resolveGroup(db, { ...scope, groupId: resolved.id });
    await archiveGroup(db, { ...scope, groupId: archived.id, condition: { until: "escalating" } });
    await start();
    const list = await waitFor(messages, (all) => all.length === 2);
    const byGroup = (id: string) => list.find((message) => (message.body.components as { components: { custom_id: string }[] }[])[0].components[2].custom_id === `assign_dialog:${id}`)!;
    const labels = (id: string) => (byGroup(id).body.components as { components: { label: string }[] }[])[0].components.map((button) => button.label);
    expect(labels(resolved.id)).toEqual(["Unresolve", "Archive", "Assign..."]);
    expect(labels(archived.id)).toEqual(["Resolve", "Mark as Ongoing", "Assign..."]);
    // No exception: the title is the event's, no description, the info colour.
    const archivedEmbed = (byGroup(archived.id).body.embeds as Record<string, unknown>[])[0];
    expect(archivedEmbed).toMatchObject({ title: "Disk almost full", color: 2590926 });
    expect(archivedEmbed).not.toHaveProperty("description");
  });

  it("waits out a 429 and retries exactly once", async () => {
    await start();
    const { channelId, ingest, messages, history } = await alerting();
    fake.failNext(`POST /channels/${channelId}/messages`, { status: 429, retryAfter: 0.3 });
    const group = await ingest();
    await waitFor(messages, (list) => list.length === 1);
    const rows = await waitFor(() => history(group.id), (all) => all.some((r) => r.outcome === "applied"));
    expect(fake.requestsTo("POST", `/channels/${channelId}/messages`)).toHaveLength(2);
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([["applied", 1]]);
  });

  it("collapses alerts of one issue fired while the channel is rate-limited into one message with the count", async () => {
    await start();
    const { db, world, channelId, ingest, messages, history } = await alerting();
    const group = await ingest();
    await waitFor(messages, (list) => list.length === 1);
    // Discord keeps answering 429 for a while; the issue regresses three times meanwhile.
    fake.failNext(`POST /channels/${channelId}/messages`, { status: 429, retryAfter: 1, times: 2 });
    for (let i = 0; i < 3; i++) {
      await resolveGroup(db, { organizationId: world.organization.id, groupId: group.id, actor: { system: true }, source: dashboard });
      expect((await ingest()).regressed).toBe(true);
    }
    const list = await waitFor(messages, (all) => all.length === 2, 20_000);
    // Whatever was still queued has run by now: still one message for the three firings.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(await messages()).toHaveLength(2);
    expect(list[1].body.content).toBe("This alert fired 3 times for this issue.");
    expect((list[1].body.embeds as { footer: { text: string } }[])[0].footer.text).toBe(`${group.qualifiedShortId} via Backend errors (+2 other)`);
    const rows = await history(group.id);
    expect(rows.filter((r) => r.outcome === "applied")).toHaveLength(2);
    expect(rows.some((r) => r.outcome === "retrying" && /429/.test(r.error ?? ""))).toBe(true);
    expect(rows.every((r) => r.externalKey === channelId)).toBe(true);
  });

  it("retries a 500 from Discord", async () => {
    await start();
    const { channelId, ingest, messages, history } = await alerting();
    fake.failNext(`POST /channels/${channelId}/messages`, { status: 500 });
    const group = await ingest();
    await waitFor(messages, (list) => list.length === 1);
    const rows = await waitFor(() => history(group.id), (all) => all.some((r) => r.outcome === "applied"));
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retrying", 1],
      ["applied", 2],
    ]);
    expect(rows[0].error).toMatch(/Discord answered 500/);
    expect(rows[0].externalKey).toBe(channelId);
  });

  it("records a channel Discord no longer knows as failed, with Discord's error, without retrying", async () => {
    await start();
    const { channelId, ingest, history } = await alerting();
    fake.channels.delete(channelId);
    const group = await ingest();
    const rows = await waitFor(() => history(group.id), (all) => all.some((r) => r.outcome === "failed"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "failed", reason: "not retryable", error: "Discord answered 404 (code 10003): Unknown Channel", externalKey: channelId, provider: "discord", kind: "notification" });
    expect(fake.requestsTo("POST", `/channels/${channelId}/messages`)).toHaveLength(1);
  });

  it("fires only enabled issue rules of the project whose triggers match", async () => {
    const { db, world, integration, channelId, rule, ingest } = await alerting({ triggers: ["regression"] });
    const other = await createOrganizationWithProject(db, { members: 0 });
    await installDiscordGuild(db, other.organization.id, GUILD, "Acme");
    const disabled = await createAlertRule(db, { organizationId: world.organization.id, projectId: world.project.id, rule: { name: "Off", enabled: false, discord: { integrationId: integration.id, channel: channelId } } });
    await createAlertRule(db, { organizationId: world.organization.id, projectId: world.project.id, rule: { kind: "metric", name: "Metric", windowMinutes: 5, criticalThreshold: 10, discord: { integrationId: integration.id, channel: channelId } } });
    await createAlertRule(db, { organizationId: other.organization.id, projectId: other.project.id, rule: { name: "Other project", discord: { guildId: GUILD, channel: channelId } } });
    const group = await ingest();
    expect(await db.syncEvent.count({ where: { groupId: group.id, job: "discord-alert" } })).toBe(0);
    await resolveGroup(db, { organizationId: world.organization.id, groupId: group.id, actor: { system: true }, source: dashboard });
    await ingest();
    const rows = await db.syncEvent.findMany({ where: { groupId: group.id, job: "discord-alert" } });
    expect(rows.map((row) => (row.payload as { ruleId: string }).ruleId)).toEqual([rule.id]);
    expect(rows[0]).toMatchObject({ outcome: "pending", reason: "alert: regression", externalKey: channelId });
    expect(disabled.enabled).toBe(false);
    // The rule is deleted before the job runs: the alert is skipped, not sent.
    await db.alertRule.delete({ where: { id: rule.id } });
    await start();
    const [settled] = await waitFor(() => db.syncEvent.findMany({ where: { groupId: group.id, job: "discord-alert" } }), (all) => all.every((r) => r.outcome !== "pending"));
    expect(settled).toMatchObject({ outcome: "skipped", reason: "the alert rule was deleted" });
  });
});
