"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { QueryError } from "@/components/ui/query-error";
import type { AlertRuleView } from "@/lib/domain/alerts/alert-rule-view";

interface DiscordGuildChoice {
  integrationId: string;
  guildId: string;
  name: string;
}

interface AlertRulesAnswer {
  rules: AlertRuleView[];
  discordGuilds: DiscordGuildChoice[];
}

const WINDOWS = [1, 5, 10, 60] as const;
const TRIGGER_LABELS: Record<string, string> = { new_group: "new issue", regression: "regression" };

function describeRule(rule: AlertRuleView): string {
  if (rule.kind === "metric") {
    const warning = rule.warningThreshold ? `warning at ${rule.warningThreshold}, ` : "";
    return `Metric: ${warning}critical at ${rule.criticalThreshold} events in ${rule.windowMinutes} min`;
  }
  return `Issue: on ${(rule.triggers ?? []).map((trigger) => TRIGGER_LABELS[trigger] ?? trigger).join(" and ")}`;
}

function CreateRuleForm({ base, guilds }: { base: string; guilds: DiscordGuildChoice[] }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"issue" | "metric">("issue");
  const [name, setName] = useState("");
  const [integrationId, setIntegrationId] = useState(guilds[0]?.integrationId ?? "");
  const [channel, setChannel] = useState("");
  const [tags, setTags] = useState("");
  const [windowMinutes, setWindowMinutes] = useState<number>(10);
  const [warning, setWarning] = useState("");
  const [critical, setCritical] = useState("");
  const create = useMutation({
    mutationFn: () => {
      const discord = { integrationId, channel, tags };
      const body =
        kind === "metric"
          ? { kind, name, discord, windowMinutes, warningThreshold: warning.trim() ? Number(warning) : null, criticalThreshold: Number(critical) }
          : { kind, name, discord };
      return apiRequest<AlertRuleView>(base, { method: "POST", body });
    },
    onSuccess: () => {
      setName("");
      setChannel("");
      setTags("");
      void queryClient.invalidateQueries({ queryKey: ["alert-rules", base] });
    },
  });
  const fields = create.error instanceof ApiRequestError ? create.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const input = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm";
  return (
    <form aria-label="New alert rule" className="mt-4 space-y-3 border-t border-slate-100 pt-4" onSubmit={submit}>
      <h3 className="text-sm font-medium text-slate-900">New alert rule</h3>
      <div className="grid grid-cols-2 gap-3">
        <label className="text-xs text-slate-700">
          Kind
          <select className={input} value={kind} onChange={(e) => setKind(e.target.value === "metric" ? "metric" : "issue")}>
            <option value="issue">Issue alert (new issue, regression)</option>
            <option value="metric">Metric alert (event count)</option>
          </select>
        </label>
        <label className="text-xs text-slate-700">
          Name
          <input className={input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label className="text-xs text-slate-700">
          Discord server
          <select className={input} value={integrationId} onChange={(e) => setIntegrationId(e.target.value)}>
            {guilds.map((guild) => (
              <option key={guild.integrationId} value={guild.integrationId}>
                {guild.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-700">
          Channel (id or link)
          <input className={input} value={channel} onChange={(e) => setChannel(e.target.value)} required placeholder="https://discord.com/channels/…/…" />
        </label>
        <label className="col-span-2 text-xs text-slate-700">
          Tags to show (comma-separated)
          <input className={input} value={tags} onChange={(e) => setTags(e.target.value)} placeholder="browser, release" />
        </label>
        {kind === "metric" ? (
          <>
            <label className="text-xs text-slate-700">
              Window
              <select className={input} value={windowMinutes} onChange={(e) => setWindowMinutes(Number(e.target.value))}>
                {WINDOWS.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {minutes} minute{minutes === 1 ? "" : "s"}
                  </option>
                ))}
              </select>
            </label>
            <div className="grid grid-cols-2 gap-3">
              <label className="text-xs text-slate-700">
                Warning at
                <input className={input} type="number" min={1} value={warning} onChange={(e) => setWarning(e.target.value)} />
              </label>
              <label className="text-xs text-slate-700">
                Critical at
                <input className={input} type="number" min={1} required value={critical} onChange={(e) => setCritical(e.target.value)} />
              </label>
            </div>
          </>
        ) : null}
      </div>
      {create.error ? (
        <div role="alert" className="text-xs text-red-700">
          <p>{create.error.message}</p>
          {Object.entries(fields).map(([field, messages]) => (
            <p key={field}>
              {field}: {messages.join("; ")}
            </p>
          ))}
        </div>
      ) : null}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={create.isPending || !integrationId} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
          {create.isPending ? "Checking the channel…" : "Add rule"}
        </button>
        {create.isSuccess ? <span className="text-sm text-emerald-700">Rule “{create.data.name}” added.</span> : null}
      </div>
    </form>
  );
}

function RuleRow({ base, rule, canEdit }: { base: string; rule: AlertRuleView; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["alert-rules", base] });
  const toggle = useMutation({ mutationFn: () => apiRequest(`${base}/${rule.id}`, { method: "PATCH", body: { enabled: !rule.enabled } }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => apiRequest(`${base}/${rule.id}`, { method: "DELETE" }), onSuccess: refresh });
  const error = toggle.error ?? remove.error;
  const destination = rule.discord ? `${rule.discord.guildName ?? rule.discord.guildId} › #${rule.discord.channelName ?? rule.discord.channelId}` : rule.problem;
  return (
    <li className="flex items-start justify-between gap-3 py-2">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          {rule.name} {rule.enabled ? null : <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">disabled</span>}
        </p>
        <p className="text-xs text-slate-500">
          {describeRule(rule)} → {destination}
          {rule.discord?.tags.length ? ` · tags ${rule.discord.tags.join(", ")}` : ""}
        </p>
        {error ? (
          <p role="alert" className="text-xs text-red-700">
            {error.message}
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <div className="flex shrink-0 gap-2">
          <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate()} className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50">
            {rule.enabled ? "Disable" : "Enable"}
          </button>
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the alert rule “${rule.name}”?`)) remove.mutate();
            }}
            className="rounded-md border border-red-200 px-2 py-1 text-xs text-red-700 hover:bg-red-50 disabled:opacity-50"
          >
            Delete
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** A project's alert rules (behaviour.md §10): list, add (checked with Discord), enable or disable, delete. */
export function AlertRulesManager({ orgSlug, projectSlug, canEdit }: { orgSlug: string; projectSlug: string; canEdit: boolean }) {
  const base = `/api/v1/projects/${orgSlug}/${projectSlug}/alert-rules`;
  const query = useQuery({ queryKey: ["alert-rules", base], queryFn: () => apiRequest<AlertRulesAnswer>(base) });
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="alert-rules-heading">
      <h2 id="alert-rules-heading" className="text-sm font-semibold text-slate-900">
        Alert rules
      </h2>
      <p className="mt-1 text-xs text-slate-500">
        Issue alerts post to Discord when a new issue appears or a resolved one regresses, with buttons to resolve, archive and assign it. Metric alerts post when the project&apos;s event count over a window crosses a threshold.
      </p>
      {query.isPending ? (
        <p className="mt-3 text-sm text-slate-500">Loading alert rules…</p>
      ) : query.isError ? (
        <QueryError what="the alert rules" error={query.error} onRetry={() => void query.refetch()} className="mt-3 text-sm text-red-700" />
      ) : (
        <>
          {query.data.rules.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">No alert rules yet.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100">
              {query.data.rules.map((rule) => (
                <RuleRow key={rule.id} base={base} rule={rule} canEdit={canEdit} />
              ))}
            </ul>
          )}
          {!canEdit ? (
            <p className="mt-3 text-xs text-slate-500">Only owners and admins can change alert rules.</p>
          ) : query.data.discordGuilds.length === 0 ? (
            <p className="mt-3 text-xs text-slate-500">Add a Discord server under Settings › Integrations to create alert rules.</p>
          ) : (
            <CreateRuleForm base={base} guilds={query.data.discordGuilds} />
          )}
        </>
      )}
    </section>
  );
}
