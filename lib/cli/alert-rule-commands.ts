import { createAlertRule } from "@/lib/domain/alerts/create-alert-rule";
import { deleteAlertRule } from "@/lib/domain/alerts/delete-alert-rule";
import { listAlertRules } from "@/lib/domain/alerts/list-alert-rules";
import type { AlertRuleView } from "@/lib/domain/alerts/alert-rule-view";
import { findProject } from "@/lib/domain/organizations/lookups";
import { notFound } from "@/lib/errors";
import { type CliCommand, listOption, ORG_OPTION, organizationFrom } from "./command";

/** A number option as typed; anything else is passed on as text, so the rule's validation names it. */
const numberOption = (value: string | undefined): number | string | undefined => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : value);

function describeRule(rule: AlertRuleView): string {
  const where = rule.discord ? `${rule.discord.guildName ?? rule.discord.guildId} #${rule.discord.channelName ?? rule.discord.channelId}` : "(unreadable settings)";
  const what =
    rule.kind === "metric"
      ? `metric, ${rule.windowMinutes} min, ${rule.warningThreshold ? `warning ${rule.warningThreshold}, ` : ""}critical ${rule.criticalThreshold}`
      : `issue, on ${(rule.triggers ?? []).join(" and ")}`;
  const tags = rule.discord?.tags.length ? `, tags ${rule.discord.tags.join(",")}` : "";
  return `${rule.id}  ${rule.projectSlug ?? "-"}  ${rule.name} (${what}) → ${where}${tags}${rule.enabled ? "" : " [disabled]"}`;
}

export const alertRuleCommands: CliCommand[] = [
  {
    name: "alert-rule create",
    summary: "Add an alert rule to a project, posting to a Discord channel (checked with Discord). Issue rules fire on new and regressed issues; metric rules count events over a window.",
    options: {
      org: ORG_OPTION,
      project: { type: "string", required: true, value: "<slug>", description: "the project" },
      name: { type: "string", required: true, description: "the rule's name (shown in each message's footer)" },
      "discord-guild": { type: "string", required: true, value: "<guild-id>", description: "a Discord server installed on the organization" },
      channel: { type: "string", required: true, value: "<channel-id-or-url>", description: "a text or announcement channel of that server" },
      tags: { type: "string", value: "<key>[,<key>…]", description: "event tags shown in the message" },
      kind: { type: "string", choices: ["issue", "metric"], description: "issue (default) or metric" },
      window: { type: "string", value: "1|5|10|60", description: "metric: minutes counted" },
      warning: { type: "string", value: "<events>", description: "metric: warning threshold" },
      critical: { type: "string", value: "<events>", description: "metric: critical threshold (required for metric)" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const project = await findProject(db, organization.id, args.need("project"));
      const kind = args.get("kind") ?? "issue";
      const discord = { guildId: args.need("discord-guild"), channel: args.need("channel"), tags: listOption(args.get("tags")) };
      const rule =
        kind === "metric"
          ? { kind, name: args.need("name"), discord, windowMinutes: numberOption(args.get("window")), warningThreshold: numberOption(args.get("warning")) ?? null, criticalThreshold: numberOption(args.get("critical")) }
          : { kind, name: args.need("name"), discord };
      const created = await createAlertRule(db, { organizationId: organization.id, projectId: project.id, rule });
      return { json: created, text: `Created alert rule ${describeRule(created)}` };
    },
  },
  {
    name: "alert-rule list",
    summary: "List an organization's alert rules (or one project's).",
    options: {
      org: ORG_OPTION,
      project: { type: "string", value: "<slug>", description: "only this project's rules" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const projectRef = args.get("project");
      const project = projectRef ? await findProject(db, organization.id, projectRef) : null;
      const rules = await listAlertRules(db, { organizationId: organization.id, projectId: project?.id });
      return { json: rules, text: rules.length ? rules.map(describeRule).join("\n") : `No alert rules in ${organization.slug}${project ? `/${project.slug}` : ""}` };
    },
  },
  {
    name: "alert-rule delete",
    summary: "Delete an alert rule; alerts it already queued are skipped.",
    options: {
      id: { type: "string", required: true, value: "<rule-id>", description: "the rule (see alert-rule list)" },
    },
    async run({ db }, args) {
      const rule = await db.alertRule.findUnique({ where: { id: args.need("id") }, select: { id: true, organizationId: true } });
      if (!rule) throw notFound(`No alert rule '${args.need("id")}'`);
      const deleted = await deleteAlertRule(db, { organizationId: rule.organizationId, ruleId: rule.id });
      return { json: deleted, text: `Deleted alert rule ${deleted.name} (${deleted.id})` };
    },
  },
];
