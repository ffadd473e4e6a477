import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { badRequest, parseWith } from "@/lib/errors";
import { issueAlertConfigSchema, metricAlertConfigSchema, type DiscordAlertAction } from "./alert-rule-config";
import { alertRuleView, updateAlertRuleInputSchema, type AlertRuleView } from "./alert-rule-view";
import { validateDiscordDestination, type DiscordValidationOptions } from "./discord-alert-destination";
import { findAlertRule } from "./find-alert-rule";

/**
 * Changes a rule: its name, whether it is enabled, its triggers or thresholds, its destination
 * (checked with Discord again). Fields of the other kind are a 400, not silently dropped.
 */
export async function updateAlertRule(
  db: Db,
  input: { organizationId: string; projectId?: string; ruleId: string; update: unknown },
  options: DiscordValidationOptions = {},
): Promise<AlertRuleView> {
  const update = parseWith(updateAlertRuleInputSchema, input.update, "Invalid alert rule");
  const rule = await findAlertRule(db, input);
  const metricKeys = (["windowMinutes", "warningThreshold", "criticalThreshold"] as const).filter((key) => update[key] !== undefined);
  if (rule.kind === "issue" && metricKeys.length > 0) throw badRequest(`${metricKeys.join(", ")} only apply to metric alert rules`);
  if (rule.kind === "metric" && update.triggers !== undefined) throw badRequest("triggers only apply to issue alert rules");

  const stored = (rule.config ?? {}) as Record<string, unknown>;
  const discord: DiscordAlertAction | unknown = update.discord ? await validateDiscordDestination(db, input.organizationId, update.discord, options) : stored.discord;
  const config =
    rule.kind === "metric"
      ? parseWith(
          metricAlertConfigSchema,
          {
            windowMinutes: update.windowMinutes ?? stored.windowMinutes,
            warningThreshold: update.warningThreshold !== undefined ? update.warningThreshold : (stored.warningThreshold ?? null),
            criticalThreshold: update.criticalThreshold ?? stored.criticalThreshold,
            discord,
          },
          "Invalid alert rule",
        )
      : parseWith(issueAlertConfigSchema, { triggers: update.triggers ?? stored.triggers, discord }, "Invalid alert rule");

  const saved = await db.alertRule.update({
    where: { id: rule.id },
    data: { ...(update.name !== undefined ? { name: update.name } : {}), ...(update.enabled !== undefined ? { enabled: update.enabled } : {}), config: config as Prisma.InputJsonValue },
    include: { project: { select: { slug: true } } },
  });
  const guild = await db.integration.findUnique({ where: { id: config.discord.integrationId }, select: { id: true, name: true } });
  return alertRuleView(saved, new Map(guild ? [[guild.id, guild.name]] : []));
}
