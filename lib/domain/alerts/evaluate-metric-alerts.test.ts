import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, Db } from "@/lib/db/client";
import { FakeDiscord, FAKE_DISCORD_APPLICATION_ID, FAKE_DISCORD_BOT_TOKEN } from "@/e2e/fakes/fake-discord";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { parseEventPayload } from "@/lib/domain/events/schema";
import { integrationProviders } from "@/lib/integrations/providers";
import { discordMetricAlertJob, type DiscordMetricAlertPayload } from "@/lib/jobs/definitions/discord-metric-alert";
import { runJobAttempt } from "@/lib/jobs/run-job-attempt";
import { createTestDatabase, openAnotherInstance, testDatabaseKinds } from "@/lib/testing/db";
import { withEnvironment } from "@/lib/testing/discord-fixtures";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import type { MetricAlertConfig } from "./alert-rule-config";
import { countProjectEvents, evaluateMetricAlertRule, evaluateMetricAlerts, metricAlertLevel } from "./evaluate-metric-alerts";

const GUILD = "1200000000000000001";
const CHANNEL = "1200000000000000002";
const BASE_URL = "https://tether.example.test";
const fake = new FakeDiscord();
const environment = withEnvironment(() => ({
  DISCORD_APPLICATION_ID: FAKE_DISCORD_APPLICATION_ID,
  DISCORD_PUBLIC_KEY: "ab".repeat(32),
  DISCORD_BOT_TOKEN: FAKE_DISCORD_BOT_TOKEN,
  DISCORD_API_BASE_URL: fake.apiBaseUrl,
  TETHER_BASE_URL: BASE_URL,
}));

beforeAll(async () => {
  await fake.start();
  fake.addGuild(GUILD, "Ops");
  fake.addChannel({ id: CHANNEL, guildId: GUILD, name: "alerts", type: 0 });
  environment.apply();
});
afterAll(async () => {
  environment.restore();
  await fake.stop();
});

describe("metric alert level", () => {
  const config = { warningThreshold: 5, criticalThreshold: 10 };
  it("is critical at or above the critical threshold, warning at or above the warning one, else clear", () => {
    expect(metricAlertLevel(4, config)).toBe("clear");
    expect(metricAlertLevel(5, config)).toBe("warning");
    expect(metricAlertLevel(9, config)).toBe("warning");
    expect(metricAlertLevel(10, config)).toBe("critical");
    expect(metricAlertLevel(9, { warningThreshold: null, criticalThreshold: 10 })).toBe("clear");
  });
});

/** Sends a rule's pending metric-alert outbox rows the way the queue's worker does (one attempt each). */
async function deliverPending(db: Db, alertRuleId: string): Promise<void> {
  const rows = await db.syncEvent.findMany({
    where: { job: discordMetricAlertJob.name, outcome: "pending", payload: { path: ["alertRuleId"], equals: alertRuleId } },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) {
    await runJobAttempt(db, discordMetricAlertJob, { id: randomUUID(), data: { ...(row.payload as object), attemptOffset: 0, syncEventId: row.id }, retryCount: 0 }, {
      providers: integrationProviders,
      maxAttempts: 5,
    });
  }
}

describe.each(await testDatabaseKinds())("metric alerts on %s", (kind) => {
  let database: Database;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.prisma;
  });
  afterAll(() => database?.close());
  beforeEach(() => {
    fake.messages.length = 0;
    fake.requests.length = 0;
  });

  async function world(config: Partial<Omit<MetricAlertConfig, "discord">> = {}) {
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    const integration = await db.integration.create({ data: { provider: "discord", externalId: `${GUILD}-${randomBytes(3).toString("hex")}`, name: "Ops" } });
    await db.organizationIntegration.create({ data: { organizationId: organization.id, integrationId: integration.id } });
    const group = await createGroup(db, project.id);
    const rule = await db.alertRule.create({
      data: {
        organizationId: organization.id,
        projectId: project.id,
        kind: "metric",
        name: "Too many errors",
        config: {
          windowMinutes: 10,
          warningThreshold: 5,
          criticalThreshold: 10,
          ...config,
          discord: { integrationId: integration.id, guildId: GUILD, channelId: CHANNEL, tags: [] },
        },
      },
    });
    /** `count` events received at `receivedAt`. */
    const receive = (count: number, receivedAt: Date) =>
      db.event.createMany({
        data: Array.from({ length: count }, () => ({
          groupId: group.id,
          projectId: project.id,
          eventId: randomBytes(16).toString("hex"),
          timestamp: receivedAt,
          receivedAt,
          title: "Error",
        })),
      });
    return { organization, project, integration, group, rule, receive };
  }

  const minutes = (n: number) => n * 60_000;
  const embeds = () => fake.messages.map((message) => (message.body.embeds as { title: string; description: string; color: number }[])[0]);

  it("opens a warning incident when the count reaches the warning threshold, and posts the exact embed to the rule's channel", async () => {
    const { organization, rule, receive, integration } = await world();
    const now = new Date("2026-11-25T12:00:00.000Z");
    await receive(5, new Date(now.getTime() - minutes(3)));

    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("opened");
    const incidents = await db.incident.findMany({ where: { alertRuleId: rule.id } });
    expect(incidents).toMatchObject([{ identifier: 1, status: "warning", value: 5, dateStarted: now, dateClosed: null }]);

    await deliverPending(db, rule.id);
    expect(fake.messages).toHaveLength(1);
    const [message] = fake.messages;
    expect(message?.channelId).toBe(CHANNEL);
    const uuid = (message?.body.embeds as { url: string }[])[0]?.url.match(/notification_uuid=([0-9a-f-]{36})$/)?.[1];
    expect(uuid).toBeDefined();
    expect(message?.body).toEqual({
      content: "",
      embeds: [
        {
          title: "Warning: Too many errors",
          url: `${BASE_URL}/o/${organization.slug}/alerts/${rule.id}?alert=1&referrer=metric_alert_discord&detection_type=static&notification_uuid=${uuid}`,
          description: `5 events in the last 10 minutes\nStarted <t:${now.getTime() / 1000}:R>`,
          color: 16761383,
        },
      ],
      components: [],
    });
    expect(fake.requests.every((request) => request.authorized)).toBe(true);
    // The sync history shows one notification row, applied, naming the channel.
    const history = await db.syncEvent.findMany({ where: { organizationId: organization.id, job: discordMetricAlertJob.name } });
    expect(history).toMatchObject([{ provider: "discord", direction: "outbound", kind: "notification", outcome: "applied", externalKey: CHANNEL, integrationId: integration.id, attempt: 1 }]);
    expect(history[0]?.reason).toContain(`Warning: Too many errors → channel ${CHANNEL}`);
  });

  it("escalates to critical, de-escalates to warning and resolves, one message per transition with its colour", async () => {
    const { rule, receive } = await world();
    const start = new Date("2026-11-25T13:00:00.000Z");
    const at = (minute: number) => new Date(start.getTime() + minutes(minute));
    await receive(6, at(0));
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: at(1) })).toBe("opened");
    await receive(6, at(2));
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: at(3) })).toBe("escalated");
    // The first six leave the 10-minute window: six remain, a warning again.
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: at(10) })).toBe("deescalated");
    // All twelve have left it: below both thresholds.
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: at(13) })).toBe("resolved");

    const incident = await db.incident.findFirstOrThrow({ where: { alertRuleId: rule.id } });
    expect(incident).toMatchObject({ identifier: 1, status: "resolved", dateStarted: at(1), dateClosed: at(13), value: 0 });

    await deliverPending(db, rule.id);
    const started = `Started <t:${at(1).getTime() / 1000}:R>`;
    expect(embeds().map(({ title, description, color }) => ({ title, description, color }))).toEqual([
      { title: "Warning: Too many errors", description: `6 events in the last 10 minutes\n${started}`, color: 16761383 },
      { title: "Critical: Too many errors", description: `12 events in the last 10 minutes\n${started}`, color: 16402247 },
      { title: "Warning: Too many errors", description: `6 events in the last 10 minutes\n${started}`, color: 16761383 },
      { title: "Resolved: Too many errors", description: `0 events in the last 10 minutes\n${started}`, color: 5097329 },
    ]);

    // The next incident of the rule gets the next identifier.
    await receive(10, at(20));
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: at(21) })).toBe("opened");
    const second = await db.incident.findFirstOrThrow({ where: { alertRuleId: rule.id, dateClosed: null } });
    expect(second).toMatchObject({ identifier: 2, status: "critical", value: 10 });
  });

  it("sends nothing again while the level is unchanged, and nothing at all while below the thresholds", async () => {
    const { rule, receive } = await world();
    const now = new Date("2026-11-25T14:00:00.000Z");
    await receive(4, now);
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("none");
    expect(await db.incident.count({ where: { alertRuleId: rule.id } })).toBe(0);

    await receive(2, now);
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("opened");
    await receive(1, now);
    // Seven is still a warning: the value is kept for the details page, no new message.
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: new Date(now.getTime() + minutes(1)) })).toBe("unchanged");
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now: new Date(now.getTime() + minutes(2)) })).toBe("unchanged");
    expect(await db.incident.findFirstOrThrow({ where: { alertRuleId: rule.id } })).toMatchObject({ status: "warning", value: 7 });
    expect(await db.syncEvent.count({ where: { payload: { path: ["alertRuleId"], equals: rule.id } } })).toBe(1);
  });

  it("counts the window (now − M minutes, now]: an event exactly M minutes old is out, one a millisecond younger is in, a later one is out", async () => {
    const { project, rule, receive } = await world({ windowMinutes: 1, warningThreshold: null, criticalThreshold: 3 });
    const now = new Date("2026-11-25T15:00:00.000Z");
    await receive(1, new Date(now.getTime() - minutes(1)));
    await receive(1, new Date(now.getTime() - minutes(1) + 1));
    await receive(1, now);
    await receive(1, new Date(now.getTime() + 1));
    expect(await countProjectEvents(db, { projectId: project.id, windowMinutes: 1, now })).toBe(2);
    expect(await countProjectEvents(db, { projectId: project.id, windowMinutes: 5, now })).toBe(3);
    // Two events do not reach the critical threshold of three (and there is no warning threshold).
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("none");
    await receive(1, new Date(now.getTime() - 1));
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("opened");
    await deliverPending(db, rule.id);
    // A one-minute window reads "minute".
    expect(embeds()[0]?.description).toBe(`3 events in the last 1 minute\nStarted <t:${now.getTime() / 1000}:R>`);
  });

  it("counts events stored by ingestion, which records each event's project", async () => {
    const { organization, project, rule } = await world({ warningThreshold: null, criticalThreshold: 3 });
    const now = new Date("2026-11-25T15:30:00.000Z");
    const events = parseEventPayload({ events: [1, 2, 3].map((i) => ({ exception: { type: "TypeError", value: `boom ${i}` } })) });
    await ingestEvents(db, { project: { id: project.id, slug: project.slug, organizationId: organization.id }, events, receivedAt: new Date(now.getTime() - 1000) });
    expect(await db.event.count({ where: { projectId: project.id, receivedAt: new Date(now.getTime() - 1000) } })).toBe(3);
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("opened");
  });

  it("counts only the rule's project, and leaves disabled rules and issue rules alone", async () => {
    const ours = await world({ criticalThreshold: 2, warningThreshold: null });
    const theirs = await world({ criticalThreshold: 2, warningThreshold: null });
    const now = new Date("2026-11-25T16:00:00.000Z");
    await theirs.receive(5, now);
    await db.alertRule.update({ where: { id: theirs.rule.id }, data: { enabled: false } });
    await db.alertRule.create({ data: { organizationId: ours.organization.id, projectId: ours.project.id, kind: "issue", name: "New issues", config: {} } });
    await ours.receive(1, now);
    // Every enabled metric rule is evaluated (those of earlier tests too, hence no exact figures).
    const summary = await evaluateMetricAlerts(db, { now });
    expect(summary.rules).toBeGreaterThanOrEqual(1);
    expect(await db.incident.count({ where: { alertRuleId: { in: [ours.rule.id, theirs.rule.id] } } })).toBe(0);
  });

  it("two evaluations at once open one incident and send one message", async () => {
    const { rule, receive } = await world();
    const now = new Date("2026-11-25T17:00:00.000Z");
    await receive(12, now);
    const other = kind === "postgres" ? await openAnotherInstance(database) : database;
    try {
      const results = await Promise.all([evaluateMetricAlertRule(db, { alertRuleId: rule.id, now }), evaluateMetricAlertRule(other.prisma, { alertRuleId: rule.id, now })]);
      expect(results.sort()).toEqual(["opened", "unchanged"]);
    } finally {
      if (other !== database) await other.close();
    }
    expect(await db.incident.findMany({ where: { alertRuleId: rule.id }, select: { identifier: true, status: true } })).toEqual([{ identifier: 1, status: "critical" }]);
    await deliverPending(db, rule.id);
    expect(embeds().map((embed) => embed.title)).toEqual(["Critical: Too many errors"]);
    // A retried evaluation of the same moment adds nothing either.
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("unchanged");
    await deliverPending(db, rule.id);
    expect(fake.messages).toHaveLength(1);
  });

  it("skips the message, keeping the incident, when the rule's Discord server was removed from the organization", async () => {
    const { organization, integration, rule, receive } = await world();
    await db.organizationIntegration.deleteMany({ where: { organizationId: organization.id, integrationId: integration.id } });
    const now = new Date("2026-11-25T18:00:00.000Z");
    await receive(10, now);
    expect(await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now })).toBe("opened");
    await deliverPending(db, rule.id);
    expect(fake.messages).toHaveLength(0);
    const [row] = await db.syncEvent.findMany({ where: { payload: { path: ["alertRuleId"], equals: rule.id } } });
    expect(row).toMatchObject({ outcome: "skipped", externalKey: CHANNEL, integrationId: null });
    expect(row?.reason).toContain("not installed");
  });

  it("records Discord's refusal (unknown channel) as a failed notification, not retried", async () => {
    const { rule, receive } = await world();
    await db.alertRule.update({
      where: { id: rule.id },
      data: { config: { ...(rule.config as object), discord: { ...((rule.config as { discord: object }).discord), channelId: "1200000000000000999" } } },
    });
    const now = new Date("2026-11-25T19:00:00.000Z");
    await receive(10, now);
    await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now });
    await deliverPending(db, rule.id);
    const [row] = await db.syncEvent.findMany({ where: { payload: { path: ["alertRuleId"], equals: rule.id } } });
    expect(row).toMatchObject({ outcome: "failed", externalKey: "1200000000000000999", reason: "not retryable" });
    expect(row?.error).toContain("Unknown Channel");
  });
});

describe("the metric alert job's payload", () => {
  it("refuses a payload without a channel or with a status that is not a transition", () => {
    const valid: DiscordMetricAlertPayload = {
      organizationId: "o",
      organizationSlug: "acme",
      integrationId: "i",
      guildId: GUILD,
      channelId: CHANNEL,
      alertRuleId: "r",
      ruleName: "Too many errors",
      incidentIdentifier: 1,
      status: "critical",
      value: 10,
      windowMinutes: 10,
      dateStarted: new Date().toISOString(),
      notificationUuid: randomUUID(),
    };
    expect(discordMetricAlertJob.payload.safeParse(valid).success).toBe(true);
    expect(discordMetricAlertJob.payload.safeParse({ ...valid, channelId: "" }).success).toBe(false);
    expect(discordMetricAlertJob.payload.safeParse({ ...valid, status: "open" }).success).toBe(false);
  });
});
