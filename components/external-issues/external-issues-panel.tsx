"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { providerCreateIssueForms } from "@/components/integrations/provider-issue-forms";
import { Button, buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useToast } from "@/components/ui/toast";
import { ProviderIcon } from "@/components/groups/group-provider-icon";
import type { IntegrationProvider } from "@/lib/generated/prisma/client";

export interface LinkedIssueView {
  id: string;
  provider: IntegrationProvider;
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
  const toast = useToast();
  const [mode, setMode] = useState<"idle" | "create" | "link">("idle");
  const [integrationId, setIntegrationId] = useState(integrations[0]?.id ?? "");
  const [key, setKey] = useState("");
  const selected = integrations.find((integration) => integration.id === integrationId) ?? integrations[0];
  // One tracker kind installed: name it on the buttons ("Create Jira issue"); several: stay generic.
  const kinds = new Set(integrations.map((integration) => integration.providerName));
  const trackerName = kinds.size === 1 ? [...kinds][0] : null;
  const CreateForm = selected ? providerCreateIssueForms[selected.provider] : undefined;
  const done = () => {
    if (mode === "create") toast.show(`${trackerName ?? "Tracker"} issue created and linked`);
    setMode("idle");
    setKey("");
    router.refresh();
  };
  const link = useMutation({
    mutationFn: () => apiRequest(`/api/v1/groups/${groupId}/external-issues`, { method: "POST", body: { integrationId, action: "link", externalIssue: key } }),
    onSuccess: () => {
      toast.show(`Linked ${key.trim()}`);
      done();
    },
  });
  const unlink = useMutation({
    mutationFn: (issue: LinkedIssueView) => apiRequest(`/api/v1/groups/${groupId}/external-issues/${issue.id}`, { method: "DELETE" }),
    onSuccess: (_data, issue) => {
      toast.show(`Unlinked ${issue.key}`);
      router.refresh();
    },
  });

  return (
    <Panel
      title="Linked issues"
      actions={
        canEdit && integrations.length > 0 && mode === "idle" ? (
          <>
            <Button size="sm" variant="primary" onClick={() => setMode("create")}>
              {trackerName ? `Create ${trackerName} issue` : "Create issue"}
            </Button>
            <Button size="sm" onClick={() => setMode("link")}>
              Link existing
            </Button>
          </>
        ) : null
      }
    >
      {linked.length === 0 ? (
        <p className="text-sm text-fg-muted">
          No linked issues yet.{" "}
          {integrations.length === 0
            ? "Connect an issue tracker in Settings › Integrations to create one."
            : canEdit
              ? `Create a ${trackerName ?? "tracker"} issue or link an existing one to sync assignee and status.`
              : ""}
        </p>
      ) : (
        <ul className="divide-y divide-line">
          {linked.map((issue) => (
            <li key={issue.id} className="flex items-start justify-between gap-2 py-1.5 text-sm first:pt-0 last:pb-0">
              <span className="flex min-w-0 items-start gap-1.5">
                <ProviderIcon provider={issue.provider} className="mt-0.5 h-4 w-4" />
                <span className="min-w-0 break-words">
                  {issue.url ? (
                    <a href={issue.url} target="_blank" rel="noopener noreferrer" className="font-medium text-accent-fg hover:underline">
                      {issue.key}
                    </a>
                  ) : (
                    <span className="font-medium text-fg">{issue.key}</span>
                  )}{" "}
                  <span className="text-fg-muted">{issue.title}</span> <span className="text-xs text-fg-subtle">· {issue.integrationName}</span>
                </span>
              </span>
              {canEdit ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={unlink.isPending}
                  onClick={() => {
                    if (window.confirm(`Unlink ${issue.key} from this group?`)) unlink.mutate(issue);
                  }}
                >
                  Unlink
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {unlink.error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {unlink.error.message}
        </p>
      ) : null}
      {mode !== "idle" && integrations.length > 1 ? (
        <label className="mt-3 block text-sm font-medium text-fg">
          {trackerName ? `${trackerName} site` : "Tracker"}
          <Select className="mt-1 block w-full" value={integrationId} onChange={(e) => setIntegrationId(e.target.value)}>
            {integrations.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </Select>
        </label>
      ) : null}
      {mode === "create" ? (
        <div className="mt-3 border-t border-line pt-3">
          {CreateForm ? <CreateForm key={integrationId} groupId={groupId} integrationId={integrationId} onDone={done} onCancel={() => setMode("idle")} /> : null}
        </div>
      ) : null}
      {mode === "link" ? (
        <form
          className="mt-3 flex flex-wrap items-start gap-2 border-t border-line pt-3"
          onSubmit={(event) => {
            event.preventDefault();
            link.mutate();
          }}
        >
          <div className="min-w-[8rem] flex-1">
            <Input aria-label={`${selected?.providerName ?? "Tracker"} issue key`} placeholder="APP-123" className="block w-full" value={key} onChange={(e) => setKey(e.target.value)} />
            {link.error ? (
              <p role="alert" className="mt-1 text-xs text-danger">
                {link.error.message}
              </p>
            ) : null}
          </div>
          <Button type="submit" variant="primary" pending={link.isPending} disabled={!key.trim()}>
            {link.isPending ? "Linking…" : "Link"}
          </Button>
          <button type="button" onClick={() => setMode("idle")} className={buttonClass("secondary")}>
            Cancel
          </button>
        </form>
      ) : null}
    </Panel>
  );
}
