import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { getMetricAlertDetail, METRIC_ALERT_INCIDENTS_SHOWN } from "@/lib/domain/alerts/get-metric-alert-detail";
import { metricAlertValueText } from "@/lib/integrations/discord/metric-alert-message";
import type { IncidentStatus } from "@/lib/generated/prisma/client";

// The alert details page a Discord metric alert links to (behaviour.md §10: `alert=<incident
// identifier>` marks the incident the message was about). Read-only: rules are edited on the
// project's settings page.

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Metric alert" };

type Params = Promise<{ orgSlug: string; ruleId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const STATUS_TONE: Record<IncidentStatus, BadgeTone> = {
  open: "warning",
  warning: "warning",
  critical: "danger",
  resolved: "success",
};

export default async function MetricAlertPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { orgSlug, ruleId } = await params;
  const query = await searchParams;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/alerts/${encodeURIComponent(ruleId)}`);
  const rule = await getMetricAlertDetail(await getDb(), { organizationId: access.organization.id, alertRuleId: ruleId });
  if (!rule) notFound();
  const highlighted = typeof query.alert === "string" && /^\d{1,9}$/.test(query.alert) ? Number(query.alert) : null;

  return (
    <div className="mx-auto max-w-4xl space-y-5 p-4 sm:p-6">
      <header className="space-y-1">
        <p className="text-xs text-fg-subtle">
          Metric alert{rule.project ? ` · project ${rule.project.name}` : ""}
          {rule.enabled ? "" : " · disabled"}
        </p>
        <h1 className="break-words text-xl font-semibold text-fg">{rule.name}</h1>
        {rule.config ? (
          <p className="text-sm text-fg-muted">
            Counts the project&apos;s events over the last {rule.config.windowMinutes} {rule.config.windowMinutes === 1 ? "minute" : "minutes"}: warning at{" "}
            {rule.config.warningThreshold ?? "—"}, critical at {rule.config.criticalThreshold}. Messages go to{" "}
            <a className="break-all text-accent-fg hover:underline" href={`https://discord.com/channels/${rule.config.guildId}/${rule.config.channelId}`}>
              Discord channel {rule.config.channelId}
            </a>
            .
          </p>
        ) : (
          <p className="text-sm text-warning">This rule&apos;s settings are not a metric alert&apos;s; it is not evaluated.</p>
        )}
      </header>

      <section aria-labelledby="incidents-heading" className="space-y-2">
        <h2 id="incidents-heading" className="text-sm font-semibold text-fg">
          Incidents
        </h2>
        {rule.incidents.length === 0 ? (
          <EmptyState title="No incident yet">The count has stayed below the thresholds. An incident opens here, and in Discord, when it crosses one.</EmptyState>
        ) : (
          <Table label="Incidents">
            <THead>
              <tr>
                <Th>#</Th>
                <Th>Status</Th>
                <Th>Last value</Th>
                <Th>Started</Th>
                <Th>Closed</Th>
              </tr>
            </THead>
            <TBody>
              {rule.incidents.map((incident) => (
                <Tr key={incident.identifier} id={`alert-${incident.identifier}`} aria-current={incident.identifier === highlighted ? "true" : undefined} selected={incident.identifier === highlighted}>
                  <Td className="font-mono text-fg">{incident.identifier}</Td>
                  <Td>
                    <Badge tone={STATUS_TONE[incident.status]}>{incident.status}</Badge>
                  </Td>
                  <Td className="text-fg">{incident.value === null ? "—" : rule.config ? metricAlertValueText(incident.value, rule.config.windowMinutes) : incident.value}</Td>
                  <Td className="whitespace-nowrap text-fg-muted">
                    <RelativeTime iso={incident.dateStarted.toISOString()} />
                  </Td>
                  <Td className="whitespace-nowrap text-fg-muted">{incident.dateClosed ? <RelativeTime iso={incident.dateClosed.toISOString()} /> : "open"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {rule.incidents.length === METRIC_ALERT_INCIDENTS_SHOWN ? <p className="text-xs text-fg-subtle">The latest {METRIC_ALERT_INCIDENTS_SHOWN} incidents.</p> : null}
      </section>
    </div>
  );
}
