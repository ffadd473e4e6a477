import { z } from "zod";
import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";
import { buildMetricAlertMessage, metricAlertDetailsUrl } from "@/lib/integrations/discord/metric-alert-message";
import { defineJob } from "../job-definition";

export const DISCORD_METRIC_ALERT_JOB = "discord-metric-alert";

const snowflake = z.string().regex(/^\d{1,20}$/);

/**
 * One metric-alert transition to announce. It carries what the transition saw (status, value,
 * start), not a reference to re-read: the incident may have moved on by the time the message goes
 * out, and each transition has its own message.
 */
export const discordMetricAlertPayloadSchema = z.object({
  organizationId: z.string().min(1),
  organizationSlug: z.string().min(1),
  /** The guild's Integration, or null when it is no longer installed on the organization (the message is then skipped). */
  integrationId: z.string().min(1).nullable(),
  guildId: snowflake,
  channelId: snowflake,
  alertRuleId: z.string().min(1),
  ruleName: z.string().min(1),
  incidentIdentifier: z.number().int().positive(),
  status: z.enum(["resolved", "warning", "critical"]),
  value: z.number().int().min(0),
  windowMinutes: z.number().int().positive(),
  /** ISO time the incident started. */
  dateStarted: z.iso.datetime(),
  notificationUuid: z.uuid(),
});
export type DiscordMetricAlertPayload = z.infer<typeof discordMetricAlertPayloadSchema>;

/** Posts a metric alert's message to its rule's Discord channel (behaviour.md §10). */
export const discordMetricAlertJob = defineJob<DiscordMetricAlertPayload>({
  name: DISCORD_METRIC_ALERT_JOB,
  payload: discordMetricAlertPayloadSchema,
  // A message minutes late is still worth having; one an hour late is noise.
  retry: { attempts: 5, delaySeconds: 5, delayMaxSeconds: 300, expireInSeconds: 60 },
  history: (payload) => ({
    organizationId: payload.organizationId,
    integrationId: payload.integrationId,
    provider: "discord",
    kind: "notification",
    // The sync history names the channel the message went to.
    externalKey: payload.channelId,
  }),
  async handler(payload, ctx) {
    ctx.setExternalKey(payload.channelId);
    if (!payload.integrationId) return { outcome: "skipped", reason: `the Discord server ${payload.guildId} is not installed on the organization` };
    const installed = await ctx.db.organizationIntegration.findFirst({
      where: { organizationId: payload.organizationId, integrationId: payload.integrationId, status: "active", integration: { status: "active" } },
      select: { id: true },
    });
    if (!installed) return { outcome: "skipped", reason: `the Discord server ${payload.guildId} is no longer installed on the organization` };
    const notifications = ctx.providers.get("discord")?.notifications;
    if (!notifications) return { outcome: "skipped", reason: "no notifications for discord" };

    const url = metricAlertDetailsUrl(tetherPublicBaseUrl(), {
      organizationSlug: payload.organizationSlug,
      alertRuleId: payload.alertRuleId,
      incidentIdentifier: payload.incidentIdentifier,
      notificationUuid: payload.notificationUuid,
    });
    const body = buildMetricAlertMessage({
      ruleName: payload.ruleName,
      status: payload.status,
      value: payload.value,
      windowMinutes: payload.windowMinutes,
      dateStarted: new Date(payload.dateStarted),
      url,
    });
    // Discord's refusals (unknown channel, missing access) come back as PermanentSyncError: sending again will not help.
    const sent = await notifications.send(ctx.db, { organizationId: payload.organizationId, integrationId: payload.integrationId, channelId: payload.channelId, message: { ...body } });
    return { outcome: "applied", detail: `${body.embeds?.[0]?.title ?? "metric alert"} → channel ${payload.channelId}${sent.externalId ? ` (message ${sent.externalId})` : ""}` };
  },
});
