import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseWith } from "@/lib/errors";
import { issueAlertConfigSchema, metricAlertConfigSchema } from "./alert-rule-config";
import { alertRuleView, createAlertRuleInputSchema, type AlertRuleView } from "./alert-rule-view";
import { validateDiscordDestination, type DiscordValidationOptions } from "./discord-alert-destination";

/**
 * Adds an alert rule to a project. The Discord destination is checked with Discord before
 * anything is written (an invalid rule is a 400 and leaves nothing behind).
 */
export async function createAlertRule(db: Db, input: { organizationId: string; projectId: string; rule: unknown }, options: DiscordValidationOptions = {}): Promise<AlertRuleView> {
  const rule = parseWith(createAlertRuleInputSchema, input.rule, "Invalid alert rule");
  const discord = await validateDiscordDestination(db, input.organizationId, rule.discord, options);
  const config =
    rule.kind === "metric"
      ? parseWith(metricAlertConfigSchema, { windowMinutes: rule.windowMinutes, warningThreshold: rule.warningThreshold ?? null, criticalThreshold: rule.criticalThreshold, discord }, "Invalid alert rule")
      : parseWith(issueAlertConfigSchema, { triggers: rule.triggers, discord }, "Invalid alert rule");
  const created = await db.alertRule.create({
    data: { organizationId: input.organizationId, projectId: input.projectId, kind: rule.kind, name: rule.name, enabled: rule.enabled ?? true, config: config as Prisma.InputJsonValue },
    include: { project: { select: { slug: true } } },
  });
  return alertRuleView(created, new Map([[discord.integrationId, (await db.integration.findUnique({ where: { id: discord.integrationId }, select: { name: true } }))?.name ?? discord.guildId]]));
}
