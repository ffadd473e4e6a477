import { z } from "zod";

// What an alert rule's `config` column holds (AlertRule.kind says which): the Discord action and,
// for metric rules, the window and thresholds (behaviour.md §10). Parsed leniently when read:
// a rule written by an older version still loads.

const snowflake = z.string().regex(/^\d{1,20}$/, "a Discord id (digits)");

/** Where a rule's messages go: a guild installed on the organization, and one of its channels. */
export const discordAlertActionSchema = z.object({
  /** The Discord integration (Integration.id) of the guild. */
  integrationId: z.string().min(1),
  guildId: snowflake,
  /** Validated against the guild through Discord's API when the rule is saved. */
  channelId: snowflake,
  /** The channel's name when the rule was saved (lists show `#name`); absent on older rules. */
  channelName: z.string().max(100).optional(),
  /** Tag keys shown as embed fields when the event has them (§10, `tags`). */
  tags: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
});
export type DiscordAlertAction = z.infer<typeof discordAlertActionSchema>;

/** Issue alerts fire on a new group and on a regression. */
export const issueAlertConfigSchema = z.object({
  triggers: z.array(z.enum(["new_group", "regression"])).min(1).default(["new_group", "regression"]),
  discord: discordAlertActionSchema,
});
export type IssueAlertConfig = z.infer<typeof issueAlertConfigSchema>;

export const METRIC_ALERT_WINDOWS_MINUTES = [1, 5, 10, 60] as const;

/** Metric alerts count the project's events over a window against two thresholds. */
export const metricAlertConfigSchema = z
  .object({
    windowMinutes: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(60)]),
    /** Events in the window at or above which the incident is a warning; optional. */
    warningThreshold: z.number().int().positive().nullable().default(null),
    criticalThreshold: z.number().int().positive(),
    discord: discordAlertActionSchema,
  })
  .refine((config) => config.warningThreshold === null || config.warningThreshold < config.criticalThreshold, {
    message: "The warning threshold must be below the critical threshold",
    path: ["warningThreshold"],
  });
export type MetricAlertConfig = z.infer<typeof metricAlertConfigSchema>;

/**
 * A Discord channel as an admin gives it: the id, or a channel URL
 * (`https://discord.com/channels/<guild>/<channel>`, the last segment taken, §10).
 */
export function channelIdFromInput(input: string): string | null {
  const trimmed = input.trim();
  if (/^\d{1,20}$/.test(trimmed)) return trimmed;
  const url = /^https:\/\/(?:www\.|ptb\.|canary\.)?discord(?:app)?\.com\/channels\/(\d{1,20})\/(\d{1,20})\/?$/.exec(trimmed);
  return url?.[2] ?? null;
}
