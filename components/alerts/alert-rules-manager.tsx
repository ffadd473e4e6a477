"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
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

/** The messages the server gave for one field (zod paths: `name`, `discord.channel`, …). */
function messagesFor(fields: Record<string, string[]>, name: string): string | null {
  const messages = Object.entries(fields)
    .filter(([key]) => key === name || key.endsWith(`.${name}`))
    .flatMap(([, list]) => list);
  return messages.length ? messages.join(" ") : null;
}

/** The props that tie a control to its hint and error (Field renders them with these ids). */
function describedBy(id: string, error: string | null, hint = false) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined };
}

const KNOWN_FIELDS = ["name", "channel", "tags", "windowMinutes", "warningThreshold", "criticalThreshold", "integrationId"];

function CreateRuleForm({ base, guilds }: { base: string; guilds: DiscordGuildChoice[] }) {
  const queryClient = useQueryClient();
  const toast = useToast();
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
    onSuccess: (rule) => {
      setName("");
      setChannel("");
      setTags("");
      toast.show(`Alert rule “${rule.name}” added`);
      void queryClient.invalidateQueries({ queryKey: ["alert-rules", base] });
    },
  });
  const fields = create.error instanceof ApiRequestError ? create.error.fields : {};
  const error = (field: string) => messagesFor(fields, field);
  const otherErrors = Object.entries(fields).filter(([key]) => !KNOWN_FIELDS.some((known) => key === known || key.endsWith(`.${known}`)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form aria-label="New alert rule" className="mt-4 space-y-3 border-t border-line pt-4" onSubmit={submit}>
      <h3 className="text-sm font-medium text-fg">New alert rule</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="alert-rule-kind" label="Kind">
          <Select id="alert-rule-kind" className="block w-full" value={kind} onChange={(e) => setKind(e.target.value === "metric" ? "metric" : "issue")}>
            <option value="issue">Issue alert (new issue, regression)</option>
            <option value="metric">Metric alert (event count)</option>
          </Select>
        </Field>
        <Field id="alert-rule-name" label="Name" error={error("name")}>
          <Input {...describedBy("alert-rule-name", error("name"))} className="block w-full" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </Field>
        <Field id="alert-rule-server" label="Discord server" error={error("integrationId")}>
          <Select {...describedBy("alert-rule-server", error("integrationId"))} className="block w-full" value={integrationId} onChange={(e) => setIntegrationId(e.target.value)}>
            {guilds.map((guild) => (
              <option key={guild.integrationId} value={guild.integrationId}>
                {guild.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="alert-rule-channel" label="Channel (id or link)" error={error("channel")}>
          <Input {...describedBy("alert-rule-channel", error("channel"))} className="block w-full" value={channel} onChange={(e) => setChannel(e.target.value)} required placeholder="https://discord.com/channels/…/…" />
        </Field>
        <Field id="alert-rule-tags" label="Tags to show (comma-separated)" error={error("tags")} className="sm:col-span-2">
          <Input {...describedBy("alert-rule-tags", error("tags"))} className="block w-full" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="browser, release" />
        </Field>
        {kind === "metric" ? (
          <>
            <Field id="alert-rule-window" label="Window" error={error("windowMinutes")}>
              <Select {...describedBy("alert-rule-window", error("windowMinutes"))} className="block w-full" value={windowMinutes} onChange={(e) => setWindowMinutes(Number(e.target.value))}>
                {WINDOWS.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {minutes} minute{minutes === 1 ? "" : "s"}
                  </option>
                ))}
              </Select>
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field id="alert-rule-warning" label="Warning at" error={error("warningThreshold")}>
                <Input {...describedBy("alert-rule-warning", error("warningThreshold"))} className="block w-full" type="number" min={1} value={warning} onChange={(e) => setWarning(e.target.value)} />
              </Field>
              <Field id="alert-rule-critical" label="Critical at" error={error("criticalThreshold")}>
                <Input {...describedBy("alert-rule-critical", error("criticalThreshold"))} className="block w-full" type="number" min={1} required value={critical} onChange={(e) => setCritical(e.target.value)} />
              </Field>
            </div>
          </>
        ) : null}
      </div>
      {create.error && (Object.keys(fields).length === 0 || otherErrors.length > 0) ? (
        <div role="alert" className="text-xs text-danger">
          <p>{create.error.message}</p>
          {otherErrors.map(([field, messages]) => (
            <p key={field}>
              {field}: {messages.join("; ")}
            </p>
          ))}
        </div>
      ) : null}
      <Button type="submit" variant="primary" pending={create.isPending} disabled={!integrationId}>
        {create.isPending ? "Checking the channel…" : "Add rule"}
      </Button>
    </form>
  );
}

function RuleRow({ base, rule, canEdit }: { base: string; rule: AlertRuleView; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["alert-rules", base] });
  const toggle = useMutation({
    mutationFn: () => apiRequest(`${base}/${rule.id}`, { method: "PATCH", body: { enabled: !rule.enabled } }),
    onSuccess: () => {
      toast.show(`Alert rule “${rule.name}” ${rule.enabled ? "disabled" : "enabled"}`);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => apiRequest(`${base}/${rule.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.show(`Alert rule “${rule.name}” deleted`);
      return refresh();
    },
  });
  const error = toggle.error ?? remove.error;
  const destination = rule.discord ? `${rule.discord.guildName ?? rule.discord.guildId} › #${rule.discord.channelName ?? rule.discord.channelId}` : rule.problem;
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-2">
      <div className="min-w-0">
        <p className="text-sm font-medium text-fg">
          {rule.name} {rule.enabled ? null : <Badge className="ml-1">disabled</Badge>}
        </p>
        <p className="text-xs break-words text-fg-subtle">
          {describeRule(rule)} → {destination}
          {rule.discord?.tags.length ? ` · tags ${rule.discord.tags.join(", ")}` : ""}
        </p>
        {error ? (
          <p role="alert" className="text-xs text-danger">
            {error.message}
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <div className="flex shrink-0 gap-2">
          <Button size="sm" pending={toggle.isPending} onClick={() => toggle.mutate()} aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}>
            {rule.enabled ? "Disable" : "Enable"}
          </Button>
          <Button
            variant="danger"
            size="sm"
            pending={remove.isPending}
            aria-label={`Delete ${rule.name}`}
            onClick={() => {
              if (window.confirm(`Delete the alert rule “${rule.name}”?`)) remove.mutate();
            }}
          >
            Delete
          </Button>
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
    <Panel
      title={<span id="alert-rules-heading">Alert rules</span>}
      description="Issue alerts post to Discord when a new issue appears or a resolved one regresses, with buttons to resolve, archive and assign it. Metric alerts post when the project's event count over a window crosses a threshold."
    >
      {query.isPending ? (
        <div aria-busy="true" aria-label="Loading alert rules" className="space-y-2">
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-3 w-3/4" />
        </div>
      ) : query.isError ? (
        <QueryError what="the alert rules" error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          {query.data.rules.length === 0 ? (
            <p className="text-sm text-fg-muted">No alert rules yet. Add one below to hear about new issues and event spikes in Discord.</p>
          ) : (
            <ul className="divide-y divide-line">
              {query.data.rules.map((rule) => (
                <RuleRow key={rule.id} base={base} rule={rule} canEdit={canEdit} />
              ))}
            </ul>
          )}
          {!canEdit ? (
            <p className="mt-3 text-xs text-fg-subtle">Only owners and admins can change alert rules.</p>
          ) : query.data.discordGuilds.length === 0 ? (
            <p className="mt-3 text-xs text-fg-subtle">Add a Discord server under Settings › Integrations to create alert rules.</p>
          ) : (
            <CreateRuleForm base={base} guilds={query.data.discordGuilds} />
          )}
        </>
      )}
    </Panel>
  );
}
