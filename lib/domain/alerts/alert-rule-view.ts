import { z } from "zod";
import type { AlertRule } from "@/lib/generated/prisma/client";
import { issueAlertConfigSchema, METRIC_ALERT_WINDOWS_MINUTES, metricAlertConfigSchema } from "./alert-rule-config";

// The input every alert-rule action takes and the shape every listing returns, in one place so the
// API, the settings page and the CLI speak the same words.

const tagsInput = z
  .union([z.array(z.string().max(64)), z.string().max(2000).transform((text) => text.split(","))])
  .transform((tags) => tags.map((tag) => tag.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64)).max(20, "At most 20 tags"));

/** The Discord destination as given: the server (integration or guild id), the channel (id or link), tags. */
export const discordDestinationInputSchema = z
  .object({
    integrationId: z.string().trim().min(1).max(64).optional(),
    guildId: z.string().trim().regex(/^\d{1,20}$/, "a Discord server id (digits)").optional(),
    channel: z.string({ error: "Channel is required" }).trim().min(1, "Channel is required").max(200),
    tags: tagsInput.optional(),
  })
  .refine((value) => value.integrationId !== undefined || value.guildId !== undefined, { message: "Choose the Discord server", path: ["integrationId"] });

const name = z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(100);
const threshold = z.number().int().positive().max(1_000_000_000);
const windowMinutes = z.union(METRIC_ALERT_WINDOWS_MINUTES.map((minutes) => z.literal(minutes)) as [z.ZodLiteral<1>, z.ZodLiteral<5>, z.ZodLiteral<10>, z.ZodLiteral<60>], {
  error: `Window must be one of ${METRIC_ALERT_WINDOWS_MINUTES.join(", ")} minutes`,
});
const triggers = z.array(z.enum(["new_group", "regression"])).min(1, "Choose at least one trigger").max(2);

const issueRuleInput = z.strictObject({
  kind: z.literal("issue"),
  name,
  enabled: z.boolean().optional(),
  triggers: triggers.optional(),
  discord: discordDestinationInputSchema,
});

const metricRuleInput = z.strictObject({
  kind: z.literal("metric"),
  name,
  enabled: z.boolean().optional(),
  windowMinutes,
  warningThreshold: threshold.nullable().optional(),
  criticalThreshold: threshold,
  discord: discordDestinationInputSchema,
});

/** A new rule; `kind` defaults to issue. */
export const createAlertRuleInputSchema = z.preprocess(
  (value) => (value && typeof value === "object" && !("kind" in value) ? { ...value, kind: "issue" } : value),
  z.discriminatedUnion("kind", [issueRuleInput, metricRuleInput]),
);
export type CreateAlertRuleInput = z.infer<typeof createAlertRuleInputSchema>;

/** A partial update; absent keys keep their value, `discord` replaces the destination (checked again). */
export const updateAlertRuleInputSchema = z
  .strictObject({
    name: name.optional(),
    enabled: z.boolean().optional(),
    triggers: triggers.optional(),
    windowMinutes: windowMinutes.optional(),
    warningThreshold: threshold.nullable().optional(),
    criticalThreshold: threshold.optional(),
    discord: discordDestinationInputSchema.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: "Nothing to change" });
export type UpdateAlertRuleInput = z.infer<typeof updateAlertRuleInputSchema>;

export interface AlertRuleView {
  id: string;
  kind: "issue" | "metric";
  name: string;
  enabled: boolean;
  projectId: string | null;
  projectSlug: string | null;
  createdAt: string;
  /** Issue rules. */
  triggers?: ("new_group" | "regression")[];
  /** Metric rules. */
  windowMinutes?: number;
  warningThreshold?: number | null;
  criticalThreshold?: number;
  discord: { integrationId: string; guildId: string; guildName: string | null; channelId: string; channelName: string | null; tags: string[] } | null;
  /** Set when the stored config cannot be read (a rule written by a newer version). */
  problem?: string;
}

export type AlertRuleRow = AlertRule & { project: { slug: string } | null };

/** A stored rule as the API and the page show it; an unreadable config is shown, not thrown. */
export function alertRuleView(rule: AlertRuleRow, guildNames: ReadonlyMap<string, string>): AlertRuleView {
  const base = {
    id: rule.id,
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    projectId: rule.projectId,
    projectSlug: rule.project?.slug ?? null,
    createdAt: rule.createdAt.toISOString(),
  };
  const parsed = rule.kind === "metric" ? metricAlertConfigSchema.safeParse(rule.config) : issueAlertConfigSchema.safeParse(rule.config);
  if (!parsed.success) return { ...base, discord: null, problem: "This rule's settings cannot be read; save it again" };
  const config = parsed.data;
  const discord = {
    integrationId: config.discord.integrationId,
    guildId: config.discord.guildId,
    guildName: guildNames.get(config.discord.integrationId) ?? null,
    channelId: config.discord.channelId,
    channelName: config.discord.channelName ?? null,
    tags: config.discord.tags,
  };
  if ("criticalThreshold" in config) {
    return { ...base, windowMinutes: config.windowMinutes, warningThreshold: config.warningThreshold, criticalThreshold: config.criticalThreshold, discord };
  }
  return { ...base, triggers: config.triggers, discord };
}
