"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { Select, Textarea } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";

type Strategy = "resolve" | "resolve_current_release" | "resolve_next_release";

interface Mapping {
  name?: string | null;
  on_resolve: string;
  on_unresolve: string;
  also_resolved: string[];
}

export interface JiraSettingsView {
  config: {
    sync_forward_assignment: boolean;
    sync_reverse_assignment: boolean;
    sync_status_forward: boolean;
    sync_status_reverse: boolean;
    sync_comments: boolean;
    link_back_comment: boolean;
    resolution_strategy: Strategy;
    issues_ignored_fields: string;
  };
  statusMappings: Record<string, Mapping>;
}

interface Catalog {
  projects: { id: string; key: string; name: string }[];
  statuses: { id: string; name: string; category: string | null }[];
}

const TOGGLES: { key: keyof JiraSettingsView["config"]; label: string; help: string }[] = [
  { key: "sync_forward_assignment", label: "Sync Tether Assignment to Jira", help: "Assigning a group assigns its linked Jira issues to the Jira user with the same verified email." },
  { key: "sync_reverse_assignment", label: "Sync Jira Assignment to Tether", help: "Assigning a Jira issue assigns its linked groups to the Tether user with that verified email." },
  { key: "sync_status_reverse", label: "Sync Jira Status to Tether", help: "Moving a Jira issue into or out of a resolved status resolves or reopens its groups." },
  { key: "link_back_comment", label: "Comment on linked Jira issues", help: "Linking an existing Jira issue adds a comment with a link back to the group." },
];

/** §7: sync toggles, resolution strategy, ignored fields and the per-project status mapping. */
export function JiraSettingsForm({ orgSlug, integrationId, initial, canEdit }: { orgSlug: string; integrationId: string; initial: JiraSettingsView; canEdit: boolean }) {
  const base = `/api/v1/organizations/${orgSlug}/integrations/${integrationId}`;
  const toast = useToast();
  const [config, setConfig] = useState(initial.config);
  const [mappings, setMappings] = useState<Record<string, Mapping>>(initial.statusMappings);
  const catalog = useQuery({ queryKey: ["jira-catalog", integrationId], queryFn: () => apiRequest<Catalog>(`${base}/jira-catalog`), enabled: canEdit });
  const save = useMutation({
    mutationFn: () =>
      apiRequest<JiraSettingsView>(base, {
        method: "PUT",
        body: {
          sync_forward_assignment: config.sync_forward_assignment,
          sync_reverse_assignment: config.sync_reverse_assignment,
          sync_status_reverse: config.sync_status_reverse,
          link_back_comment: config.link_back_comment,
          resolution_strategy: config.resolution_strategy,
          issues_ignored_fields: config.issues_ignored_fields,
          sync_status_forward: mappings,
        },
      }),
    onSuccess: (saved) => {
      setConfig(saved.config);
      setMappings(saved.statusMappings);
      toast.show("Jira settings saved");
    },
  });
  const statuses = catalog.data?.statuses ?? [];
  const fieldErrors = save.error instanceof ApiRequestError ? save.error.fields : {};
  const statusSelect = (value: string, onChange: (v: string) => void, label: string) => (
    <Select aria-label={label} disabled={!canEdit} className="min-w-0 py-1" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose…</option>
      {statuses.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
          {s.category === "done" ? " (done)" : ""}
        </option>
      ))}
      {value && !statuses.some((s) => s.id === value) ? <option value={value}>status {value}</option> : null}
    </Select>
  );

  return (
    <form
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <fieldset className="space-y-3 rounded-lg border border-line bg-surface p-4">
        <legend className="px-1 text-sm font-semibold text-fg">Sync</legend>
        {TOGGLES.map((toggle) => (
          <label key={toggle.key} className="flex gap-3 text-sm">
            <input
              type="checkbox"
              disabled={!canEdit}
              checked={Boolean(config[toggle.key])}
              onChange={(e) => setConfig((c) => ({ ...c, [toggle.key]: e.target.checked }))}
              className="mt-0.5 accent-accent"
            />
            <span>
              <span className="font-medium text-fg">{toggle.label}</span>
              <span className="block text-xs text-fg-subtle">{toggle.help}</span>
            </span>
          </label>
        ))}
        <div className="space-y-1 text-sm">
          <label htmlFor="jira-resolution-strategy" className="block font-medium text-fg">
            Resolve
          </label>
          <Select
            id="jira-resolution-strategy"
            aria-describedby="jira-resolution-strategy-hint"
            disabled={!canEdit}
            className="block max-w-full"
            value={config.resolution_strategy}
            onChange={(e) => setConfig((c) => ({ ...c, resolution_strategy: e.target.value as Strategy }))}
          >
            <option value="resolve">Resolve</option>
            <option value="resolve_current_release">Resolve in Current Release</option>
            <option value="resolve_next_release">Resolve in Next Release</option>
          </Select>
          <p id="jira-resolution-strategy-hint" className="text-xs text-fg-subtle">
            How a group is resolved when its Jira issue is done (release-based only when the project has a release).
          </p>
        </div>
        <div className="space-y-1 text-sm">
          <label htmlFor="jira-ignored-fields" className="block font-medium text-fg">
            Ignored Fields
          </label>
          <Textarea
            id="jira-ignored-fields"
            aria-describedby="jira-ignored-fields-hint"
            disabled={!canEdit}
            rows={2}
            className="block w-full"
            value={config.issues_ignored_fields}
            onChange={(e) => setConfig((c) => ({ ...c, issues_ignored_fields: e.target.value }))}
            placeholder="components, security"
          />
          <p id="jira-ignored-fields-hint" className="text-xs text-fg-subtle">
            Jira field ids the create form leaves out, separated by commas or new lines.
          </p>
        </div>
      </fieldset>

      <fieldset className="space-y-3 rounded-lg border border-line bg-surface p-4">
        <legend className="px-1 text-sm font-semibold text-fg">Sync Tether Status to Jira</legend>
        <p className="text-xs text-fg-subtle">
          Per Jira project: the status a linked issue moves to when its group is resolved, and when it is reopened or regresses. Extra &quot;also resolved&quot; statuses
          count as resolved when they come from Jira.
        </p>
        {catalog.isPending && canEdit ? (
          <div className="space-y-2" aria-busy="true" aria-label="Loading projects and statuses from Jira">
            <Skeleton className="h-7 w-full" />
            <Skeleton className="h-7 w-2/3" />
          </div>
        ) : null}
        {catalog.error ? <p role="alert" className="text-sm text-danger">{catalog.error.message}</p> : null}
        {Object.keys(mappings).length === 0 ? <p className="text-sm text-fg-subtle">No project mapped: Tether does not change Jira statuses.</p> : null}
        {Object.entries(mappings).map(([projectId, mapping]) => {
          const project = catalog.data?.projects.find((p) => p.id === projectId);
          const set = (patch: Partial<Mapping>) => setMappings((m) => ({ ...m, [projectId]: { ...mapping, ...patch } }));
          return (
            <div key={projectId} className="flex flex-wrap items-center gap-2 text-sm">
              <span className="w-full font-medium sm:w-40">{project ? `${project.key} - ${project.name}` : mapping.name ?? `Project ${projectId}`}</span>
              <span className="text-fg-subtle">resolved →</span>
              {statusSelect(mapping.on_resolve, (v) => set({ on_resolve: v }), `Resolved status for ${projectId}`)}
              <span className="text-fg-subtle">reopened →</span>
              {statusSelect(mapping.on_unresolve, (v) => set({ on_unresolve: v }), `Unresolved status for ${projectId}`)}
              <Select
                multiple
                aria-label={`Also resolved statuses for ${projectId}`}
                disabled={!canEdit}
                className="h-16 min-w-0 text-xs"
                value={mapping.also_resolved}
                onChange={(e) => set({ also_resolved: Array.from(e.target.selectedOptions, (o) => o.value) })}
              >
                {statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </Select>
              {canEdit ? (
                <Button variant="ghost" size="sm" aria-label={`Remove the mapping of ${project ? project.key : projectId}`} onClick={() => setMappings(({ [projectId]: _removed, ...rest }) => rest)}>
                  Remove
                </Button>
              ) : null}
              {fieldErrors[`sync_status_forward.${projectId}`]?.map((m) => (
                <span key={m} role="alert" className="w-full text-xs text-danger">
                  {m}
                </span>
              ))}
            </div>
          );
        })}
        {canEdit && catalog.data ? (
          <Select
            aria-label="Add a Jira project"
            className="max-w-full"
            value=""
            onChange={(e) => {
              const project = catalog.data.projects.find((p) => p.id === e.target.value);
              if (project) setMappings((m) => ({ ...m, [project.id]: { name: `${project.key} - ${project.name}`, on_resolve: "", on_unresolve: "", also_resolved: [] } }));
            }}
          >
            <option value="">Add a Jira project…</option>
            {catalog.data.projects
              .filter((p) => !(p.id in mappings))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.key} - {p.name}
                </option>
              ))}
          </Select>
        ) : null}
      </fieldset>

      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" pending={save.isPending}>
            {save.isPending ? "Saving…" : "Save settings"}
          </Button>
          {save.isSuccess ? <span className="text-sm text-success">Saved.</span> : null}
          {save.error ? <span role="alert" className="text-sm text-danger">{save.error.message}</span> : null}
        </div>
      ) : null}
    </form>
  );
}
