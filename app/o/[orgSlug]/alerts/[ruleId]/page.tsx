import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RelativeTime } from "@/components/ui/relative-time";
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

const STATUS_STYLES: Record<IncidentStatus, string> = {
  open: "bg-amber-50 text-amber-800 ring-amber-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  critical: "bg-red-50 text-red-800 ring-red-200",
  resolved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

export default async function MetricAlertPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { orgSlug, ruleId } = await params;
  const query = await searchParams;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/alerts/${encodeURIComponent(ruleId)}`);
  const rule = await getMetricAlertDetail(await getDb(), { organizationId: access.organization.id, alertRuleId: ruleId });
  if (!rule) notFound();
  const highlighted = typeof query.alert === "string" && /^\d{1,9}$/.test(query.alert) ? Number(query.alert) : null;

  return (
    <div className="mx-auto max-w-4xl space-y-5 p-6">
      <header className="space-y-1">
        <p className="text-xs text-slate-500">
          Metric alert{rule.project ? ` · project ${rule.project.name}` : ""}
          {rule.enabled ? "" : " · disabled"}
        </p>
        <h1 className="break-words text-xl font-semibold text-slate-900">{rule.name}</h1>
        {rule.config ? (
          <p className="text-sm text-slate-600">
            Counts the project&apos;s events over the last {rule.config.windowMinutes} {rule.config.windowMinutes === 1 ? "minute" : "minutes"}: warning at{" "}
            {rule.config.warningThreshold ?? "—"}, critical at {rule.config.criticalThreshold}. Messages go to{" "}
            <a className="text-indigo-700 hover:underline" href={`https://discord.com/channels/${rule.config.guildId}/${rule.config.channelId}`}>
              Discord channel {rule.config.channelId}
            </a>
            .
          </p>
        ) : (
          <p className="text-sm text-amber-800">This rule&apos;s settings are not a metric alert&apos;s; it is not evaluated.</p>
        )}
      </header>

      <section className="rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold text-slate-900">Incidents</h2>
        {rule.incidents.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">No incident yet: the count has stayed below the thresholds.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-[11px] uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-semibold">#</th>
                <th className="px-4 py-2 font-semibold">Status</th>
                <th className="px-4 py-2 font-semibold">Last value</th>
                <th className="px-4 py-2 font-semibold">Started</th>
                <th className="px-4 py-2 font-semibold">Closed</th>
              </tr>
            </thead>
            <tbody>
              {rule.incidents.map((incident) => (
                <tr
                  key={incident.identifier}
                  id={`alert-${incident.identifier}`}
                  aria-current={incident.identifier === highlighted ? "true" : undefined}
                  className={`border-t border-slate-100 ${incident.identifier === highlighted ? "bg-indigo-50" : ""}`}
                >
                  <td className="px-4 py-2 font-mono text-slate-700">{incident.identifier}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLES[incident.status]}`}>{incident.status}</span>
                  </td>
                  <td className="px-4 py-2 text-slate-700">
                    {incident.value === null ? "—" : rule.config ? metricAlertValueText(incident.value, rule.config.windowMinutes) : incident.value}
                  </td>
                  <td className="px-4 py-2 text-slate-600">
                    <RelativeTime iso={incident.dateStarted.toISOString()} />
                  </td>
                  <td className="px-4 py-2 text-slate-600">{incident.dateClosed ? <RelativeTime iso={incident.dateClosed.toISOString()} /> : "open"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rule.incidents.length === METRIC_ALERT_INCIDENTS_SHOWN ? <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">The latest {METRIC_ALERT_INCIDENTS_SHOWN} incidents.</p> : null}
      </section>
    </div>
  );
}
