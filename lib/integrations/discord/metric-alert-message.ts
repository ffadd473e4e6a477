import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from "discord-api-types/v10";

// The Discord message of a metric alert's transition (behaviour.md §10 "Metric alert"): one
// titled, coloured embed and no buttons. Built from what the transition saw, so a message sent
// late (a retry, a rate-limited channel) still says what happened then.

export type MetricAlertNotificationStatus = "resolved" | "warning" | "critical";

/** Embed colours (decimal) of §10. */
export const METRIC_ALERT_COLORS: Record<MetricAlertNotificationStatus, number> = {
  resolved: 5097329,
  warning: 16761383,
  critical: 16402247,
};

const STATUS_TITLES: Record<MetricAlertNotificationStatus, string> = {
  resolved: "Resolved",
  warning: "Warning",
  critical: "Critical",
};

export interface MetricAlertMessageInput {
  ruleName: string;
  status: MetricAlertNotificationStatus;
  /** Events counted in the window when the transition happened. */
  value: number;
  windowMinutes: number;
  /** When the incident started (Discord renders it relative to the reader's clock). */
  dateStarted: Date;
  /** Tether's alert details page for this incident (metricAlertDetailsUrl). */
  url: string;
}

/**
 * The alert details link of §10: the rule's page, the incident (`alert`), where the reader came
 * from and how the threshold was set (`detection_type`: Tether's thresholds are static), and the
 * notification's id so a click can be traced to its message.
 */
export function metricAlertDetailsUrl(
  baseUrl: string,
  input: { organizationSlug: string; alertRuleId: string; incidentIdentifier: number; notificationUuid: string },
): string {
  const url = new URL(`${baseUrl}/o/${encodeURIComponent(input.organizationSlug)}/alerts/${encodeURIComponent(input.alertRuleId)}`);
  url.searchParams.set("alert", String(input.incidentIdentifier));
  url.searchParams.set("referrer", "metric_alert_discord");
  url.searchParams.set("detection_type", "static");
  url.searchParams.set("notification_uuid", input.notificationUuid);
  return url.toString();
}

/** "5000 events in the last 10 minutes" (§10); Sentry says "minute" for a one-minute window. */
export function metricAlertValueText(value: number, windowMinutes: number): string {
  return `${value} events in the last ${windowMinutes} ${windowMinutes === 1 ? "minute" : "minutes"}`;
}

const EMBED_TITLE_LIMIT = 256;

export function buildMetricAlertEmbed(input: MetricAlertMessageInput): APIEmbed {
  const startedUnix = Math.floor(input.dateStarted.getTime() / 1000);
  return {
    // Discord refuses a title over 256 characters (the whole message, not just the title).
    title: `${STATUS_TITLES[input.status]}: ${input.ruleName}`.slice(0, EMBED_TITLE_LIMIT),
    url: input.url,
    description: `${metricAlertValueText(input.value, input.windowMinutes)}\nStarted <t:${startedUnix}:R>`,
    color: METRIC_ALERT_COLORS[input.status],
  };
}

/** The body POSTed to /channels/{channel}/messages: `{"content": "", "embeds": [M], "components": []}`. */
export function buildMetricAlertMessage(input: MetricAlertMessageInput): RESTPostAPIChannelMessageJSONBody {
  return { content: "", embeds: [buildMetricAlertEmbed(input)], components: [] };
}
