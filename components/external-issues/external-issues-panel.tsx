"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { providerCreateIssueForms } from "@/components/integrations/provider-issue-forms";
import type { IntegrationProvider } from "@/lib/generated/prisma/client";

export interface LinkedIssueView {
  id: string;
  key: string;
  title: string | null;
  url: string | null;
  integrationName: string;
}

export interface IntegrationOption {
  id: string;
  name: string;
  provider: IntegrationProvider;
  /** The provider's name as people know it ("Jira"). */
  providerName: string;
}

/** Linked issues of a group (in any issue tracker it has), with create, link-existing and unlink. */
export function ExternalIssuesPanel({ groupId, linked, integrations, canEdit }: { groupId: string; linked: LinkedIssueView[]; integrations: IntegrationOption[]; canEdit: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<"idle" | "create" | "link">("idle");
  const [integrationId, setIntegrationId] = useState(integrations[0]?.id ?? "");
  const [key, setKey] = useState("");
  const selected = integrations.find((integration) => integration.id === integrationId) ?? integrations[0];
  // One tracker kind installed: name it on the buttons ("Create Jira issue"); several: stay generic.
  const kinds = new Set(integrations.map((integration) => integration.providerName));
  const trackerName = kinds.size === 1 ? [...kinds][0] : null;
  const CreateForm = selected ? providerCreateIssueForms[selected.provider] : undefined;
  const done = () => {
    setMode("idle");
    setKey("");
    router.refresh();
  };
  const link = useMutation({
    mutationFn: () => apiRequest(`/api/v1/groups/${groupId}/external-issues`, { method: "POST", body: { integrationId, action: "link", externalIssue: key } }),
    onSuccess: done,
  });
  const unlink = useMutation({
    mutationFn: (externalIssueId: string) => apiRequest(`/api/v1/groups/${groupId}/external-issues/${externalIssueId}`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
  });

  return (
    <section aria-labelledby="linked-issues" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-center justify-between">
        <h2 id="linked-issues" className="text-sm font-semibold text-slate-900">
          Linked issues
        </h2>
        {canEdit && integrations.length > 0 && mode === "idle" ? (
          <div className="flex gap-2">
            <button type="button" className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-500" onClick={() => setMode("create")}>
              {trackerName ? `Create ${trackerName} issue` : "Create issue"}
            </button>
            <button type="button" className="rounded-md border border-slate-300 px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-50" onClick={() => setMode("link")}>
              Link existing
            </button>
          </div>
        ) : null}
      </div>
      {linked.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">
          No linked issues yet.{integrations.length === 0 ? " Connect an issue tracker in Settings › Integrations to create one." : ""}
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {linked.map((issue) => (
            <li key={issue.id} className="flex items-center justify-between py-1.5 text-sm">
              <span>
                {issue.url ? (
                  <a href={issue.url} target="_blank" rel="noopener noreferrer" className="font-medium text-indigo-700 hover:underline">
                    {issue.key}
                  </a>
                ) : (
                  <span className="font-medium">{issue.key}</span>
                )}{" "}
                <span className="text-slate-600">{issue.title}</span> <span className="text-xs text-slate-400">· {issue.integrationName}</span>
              </span>
              {canEdit ? (
                <button
                  type="button"
                  className="text-xs text-slate-500 hover:text-red-700 disabled:opacity-50"
                  disabled={unlink.isPending}
                  onClick={() => {
                    if (window.confirm(`Unlink ${issue.key} from this group?`)) unlink.mutate(issue.id);
                  }}
                >
                  Unlink
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {unlink.error ? <p role="alert" className="mt-2 text-sm text-red-700">{unlink.error.message}</p> : null}
      {mode !== "idle" && integrations.length > 1 ? (
        <label className="mt-3 block text-sm font-medium text-slate-700">
          {trackerName ? `${trackerName} site` : "Tracker"}
          <select className="mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm" value={integrationId} onChange={(e) => setIntegrationId(e.target.value)}>
            {integrations.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {mode === "create" ? (
        <div className="mt-3 border-t border-slate-100 pt-3">
          {CreateForm ? <CreateForm key={integrationId} groupId={groupId} integrationId={integrationId} onDone={done} onCancel={() => setMode("idle")} /> : null}
        </div>
      ) : null}
      {mode === "link" ? (
        <form
          className="mt-3 flex items-start gap-2 border-t border-slate-100 pt-3"
          onSubmit={(event) => {
            event.preventDefault();
            link.mutate();
          }}
        >
          <div className="flex-1">
            <input
              aria-label={`${selected?.providerName ?? "Tracker"} issue key`}
              placeholder="APP-123"
              className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
              value={key}
              onChange={(e) => setKey(e.target.value)}
            />
            {link.error ? <p role="alert" className="mt-1 text-xs text-red-700">{link.error.message}</p> : null}
          </div>
          <button type="submit" disabled={link.isPending || !key.trim()} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
            {link.isPending ? "Linking…" : "Link"}
          </button>
          <button type="button" onClick={() => setMode("idle")} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700">
            Cancel
          </button>
        </form>
      ) : null}
    </section>
  );
}
