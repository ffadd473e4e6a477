import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord, FAKE_DISCORD_APPLICATION_ID, FAKE_DISCORD_BOT_TOKEN } from "@/e2e/fakes/fake-discord";
import { integrationProviders } from "@/lib/integrations/providers";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { withEnvironment } from "@/lib/testing/discord-fixtures";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { waitFor } from "@/lib/testing/wait-for";
import { startJobQueue } from "../job-queue";
import { METRIC_ALERT_EVALUATION_JOB } from "./metric-alert-evaluation";
import { startScheduledJobs } from "./start-scheduled-jobs";

const GUILD = "1300000000000000001";
const CHANNEL = "1300000000000000002";
const fake = new FakeDiscord();
const environment = withEnvironment(() => ({
  DISCORD_APPLICATION_ID: FAKE_DISCORD_APPLICATION_ID,
  DISCORD_PUBLIC_KEY: "cd".repeat(32),
  DISCORD_BOT_TOKEN: FAKE_DISCORD_BOT_TOKEN,
  DISCORD_API_BASE_URL: fake.apiBaseUrl,
  TETHER_BASE_URL: "https://tether.example.test",
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

// The whole path on the job queue: the scheduled evaluation job (sent by hand here rather than
// waiting for the minute's tick), the incident's outbox row handed to the queue after commit, and
// the discord-metric-alert job posting to the (fake) Discord API with its sync-history row.
describe.each(await testDatabaseKinds())("metric alert evaluation on the job queue (%s)", (kind) => {
  it("the scheduled job opens the incident and the queued job posts its message to the rule's channel", { timeout: 60_000 }, async () => {
    const database = await createTestDatabase(kind);
    const db = database.prisma;
    const queue = await startJobQueue(database, { providers: integrationProviders, pollingIntervalSeconds: 0.5 });
    try {
      await startScheduledJobs(queue, db, { work: true, pollingIntervalSeconds: 0.5 });
      const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
      const integration = await db.integration.create({ data: { provider: "discord", externalId: GUILD, name: "Ops" } });
      await db.organizationIntegration.create({ data: { organizationId: organization.id, integrationId: integration.id } });
      const rule = await db.alertRule.create({
        data: {
          organizationId: organization.id,
          projectId: project.id,
          kind: "metric",
          name: `Error spike ${kind}`,
          config: { windowMinutes: 5, warningThreshold: null, criticalThreshold: 3, discord: { integrationId: integration.id, guildId: GUILD, channelId: CHANNEL, tags: [] } },
        },
      });
      const group = await createGroup(db, project.id);
      const now = new Date();
      await db.event.createMany({
        data: Array.from({ length: 3 }, () => ({ groupId: group.id, projectId: project.id, eventId: randomBytes(16).toString("hex"), timestamp: now, receivedAt: now, title: "Error" })),
      });

      const jobId = await queue.boss.send(METRIC_ALERT_EVALUATION_JOB, {});
      expect(jobId).toBeTruthy();
      const messages = await waitFor(
        async () => fake.messages.filter((message) => message.channelId === CHANNEL && JSON.stringify(message.body).includes(rule.name)),
        (found) => found.length > 0,
        30_000,
      );
      expect(messages).toHaveLength(1);
      const embed = (messages[0]?.body.embeds as { title: string; color: number; description: string }[])[0];
      expect(embed).toMatchObject({ title: `Critical: ${rule.name}`, color: 16402247 });
      expect(embed?.description).toMatch(/^3 events in the last 5 minutes\nStarted <t:\d+:R>$/);
      const history = await waitFor(
        () => db.syncEvent.findMany({ where: { organizationId: organization.id, kind: "notification" } }),
        (rows) => rows.every((row) => row.outcome === "applied"),
        10_000,
      );
      expect(history).toMatchObject([{ provider: "discord", direction: "outbound", outcome: "applied", externalKey: CHANNEL, job: "discord-metric-alert" }]);
      expect(await db.incident.findMany({ where: { alertRuleId: rule.id }, select: { identifier: true, status: true, value: true } })).toEqual([{ identifier: 1, status: "critical", value: 3 }]);
    } finally {
      await queue.stop();
      await database.close();
    }
  });
});
