import type { Db } from "@/lib/db/client";
import { alertRuleView, type AlertRuleView } from "./alert-rule-view";

/** An organization's alert rules (optionally one project's), oldest first, with their Discord server's name. */
export async function listAlertRules(db: Db, input: { organizationId: string; projectId?: string }): Promise<AlertRuleView[]> {
  const [rules, guilds] = await Promise.all([
    db.alertRule.findMany({
      where: { organizationId: input.organizationId, ...(input.projectId ? { projectId: input.projectId } : {}) },
      include: { project: { select: { slug: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.organizationIntegration.findMany({
      where: { organizationId: input.organizationId, integration: { provider: "discord" } },
      select: { integration: { select: { id: true, name: true } } },
    }),
  ]);
  const guildNames = new Map(guilds.map(({ integration }) => [integration.id, integration.name]));
  return rules.map((rule) => alertRuleView(rule, guildNames));
}

/** The Discord servers installed on an organization, as the rule form's server select lists them. */
export async function listAlertDiscordGuilds(db: Db, organizationId: string): Promise<{ integrationId: string; guildId: string; name: string }[]> {
  const links = await db.organizationIntegration.findMany({
    where: { organizationId, status: "active", integration: { provider: "discord", status: "active" } },
    select: { integration: { select: { id: true, externalId: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return links.map(({ integration }) => ({ integrationId: integration.id, guildId: integration.externalId, name: integration.name }));
}
