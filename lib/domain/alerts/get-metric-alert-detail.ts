import type { Db } from "@/lib/db/client";
import type { IncidentStatus } from "@/lib/generated/prisma/client";
import { metricAlertConfigSchema } from "./alert-rule-config";

/** How many incidents the details page lists, newest first. */
export const METRIC_ALERT_INCIDENTS_SHOWN = 50;

export interface MetricAlertDetail {
  id: string;
  name: string;
  enabled: boolean;
  project: { slug: string; name: string } | null;
  /** Null when the stored config is not a metric alert's (an older or hand-edited rule). */
  config: { windowMinutes: number; warningThreshold: number | null; criticalThreshold: number; channelId: string; guildId: string } | null;
  incidents: { identifier: number; status: IncidentStatus; dateStarted: Date; dateClosed: Date | null; value: number | null }[];
}

/**
 * A metric alert rule of the organization with its latest incidents: what the link in a Discord
 * metric alert opens. A rule of another organization, or an issue rule, is not found.
 */
export async function getMetricAlertDetail(db: Db, input: { organizationId: string; alertRuleId: string }): Promise<MetricAlertDetail | null> {
  const rule = await db.alertRule.findFirst({
    where: { id: input.alertRuleId, organizationId: input.organizationId, kind: "metric" },
    select: {
      id: true,
      name: true,
      enabled: true,
      config: true,
      project: { select: { slug: true, name: true } },
      incidents: { orderBy: { identifier: "desc" }, take: METRIC_ALERT_INCIDENTS_SHOWN, select: { identifier: true, status: true, dateStarted: true, dateClosed: true, value: true } },
    },
  });
  if (!rule) return null;
  const parsed = metricAlertConfigSchema.safeParse(rule.config);
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    project: rule.project,
    config: parsed.success
      ? {
          windowMinutes: parsed.data.windowMinutes,
          warningThreshold: parsed.data.warningThreshold,
          criticalThreshold: parsed.data.criticalThreshold,
          channelId: parsed.data.discord.channelId,
          guildId: parsed.data.discord.guildId,
        }
      : null,
    incidents: rule.incidents,
  };
}
