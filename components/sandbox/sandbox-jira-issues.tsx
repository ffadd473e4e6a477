"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { QueryError } from "@/components/ui/query-error";
import { SkeletonRows } from "@/components/ui/skeleton";
import { shortDateTime } from "@/components/ui/relative-time";
import type { SandboxIssueChange, SandboxIssueChangeResult, SandboxJiraOverview } from "@/lib/sandbox/issues";

const CATEGORY_STYLE: Record<string, string> = {
  new: "bg-surface-muted text-fg-muted",
  indeterminate: "bg-accent/10 text-accent",
  done: "bg-emerald-500/15 text-emerald-700 dark:text-emerald-300",
};

function describeOutcome(result: SandboxIssueChangeResult): { tone: "ok" | "warn"; text: string } {
  if (!result.webhook) return { tone: "ok", text: `${result.key}: nothing changed` };
  if (result.webhook.status === 200) return { tone: "ok", text: `${result.key}: ${result.changed.join(" and ")} changed in the sandbox; Tether accepted the signed jira:issue_updated webhook.` };
  const detail = typeof result.webhook.body === "string" ? result.webhook.body : JSON.stringify(result.webhook.body);
  return { tone: "warn", text: `${result.key} changed in the sandbox, but Tether answered the webhook with ${result.webhook.status || "no answer"}: ${detail}` };
}

/** The sandbox site's issues; changing a status or assignee here is a change "in Jira". */
export function SandboxJiraIssues({ orgSlug }: { orgSlug: string }) {
  const queryClient = useQueryClient();
  const highlighted = useSearchParams().get("issue");
  const [notice, setNotice] = useState<{ tone: "ok" | "warn"; text: string } | null>(null);
  const key = ["sandbox-jira", orgSlug];
  // Polled: changes made in Tether reach the sandbox through the job queue a moment later.
  const query = useQuery({ queryKey: key, queryFn: () => apiRequest<SandboxJiraOverview>(`/api/v1/organizations/${orgSlug}/sandbox-jira/issues`), refetchInterval: 3000 });
  const change = useMutation({
    mutationFn: (input: { key: string; change: SandboxIssueChange }) =>
      apiRequest<SandboxIssueChangeResult>(`/api/v1/organizations/${orgSlug}/sandbox-jira/issues/${encodeURIComponent(input.key)}`, { method: "PATCH", body: input.change }),
    onSuccess: (result) => {
      setNotice(describeOutcome(result));
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => setNotice({ tone: "warn", text: error.message }),
  });

  if (query.isPending) {
    return <SkeletonRows rows={4} label="Loading sandbox issues" />;
  }
  if (query.isError) return <QueryError what="the sandbox issues" error={query.error} onRetry={() => void query.refetch()} />;
  const { issues, statuses, users } = query.data;

  return (
    <div className="space-y-3">
      <div aria-live="polite" role="status">
        {notice ? (
          <p className={`rounded-md border px-3 py-2 text-sm ${notice.tone === "ok" ? "border-emerald-500/40 bg-emerald-500/10 text-fg" : "border-amber-500/40 bg-amber-500/10 text-fg"}`}>{notice.text}</p>
        ) : null}
      </div>
      {issues.length === 0 ? (
        <EmptyState title="The sandbox has no issues yet.">
          Open a group and use <span className="font-medium text-fg">Create Jira issue</span>: the issue appears here.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-line overflow-hidden rounded-lg border border-line bg-surface">
          <li className="hidden grid-cols-[6rem_minmax(0,1fr)_11.5rem_11rem_minmax(0,14rem)] gap-3 bg-surface-muted px-3 py-2 text-xs font-semibold uppercase tracking-wide text-fg-subtle md:grid" aria-hidden>
            <span>Key</span>
            <span>Summary</span>
            <span>Status</span>
            <span>Assignee</span>
            <span>Linked group</span>
          </li>
          {issues.map((issue) => (
            <li
              key={issue.key}
              data-testid={`sandbox-issue-${issue.key}`}
              className={`grid grid-cols-1 gap-2 px-3 py-3 text-sm md:grid-cols-[6rem_minmax(0,1fr)_11.5rem_11rem_minmax(0,14rem)] md:items-center md:gap-3 ${highlighted === issue.key ? "bg-accent/5" : ""}`}
            >
              <span className="font-mono text-xs font-semibold text-fg">{issue.key}</span>
              <span className="min-w-0">
                <span className="block truncate text-fg" title={issue.summary}>
                  {issue.summary}
                </span>
                <span className="text-xs text-fg-subtle">
                  {issue.project} · updated {shortDateTime(issue.updated)}
                  {issue.comments ? ` · ${issue.comments} comment${issue.comments === 1 ? "" : "s"}` : ""}
                </span>
              </span>
              <label className="flex items-center gap-2">
                <span className="sr-only">Status of {issue.key}</span>
                <span className={`hidden rounded px-1.5 py-0.5 text-[11px] font-medium sm:inline ${CATEGORY_STYLE[issue.statusCategory] ?? CATEGORY_STYLE.new}`} aria-hidden>
                  ●
                </span>
                <Select
                  className="w-full py-1"
                  value={issue.statusId}
                  disabled={change.isPending}
                  onChange={(e) => change.mutate({ key: issue.key, change: { statusId: e.target.value } })}
                >
                  {statuses.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </label>
              <label>
                <span className="sr-only">Assignee of {issue.key}</span>
                <Select
                  className="w-full py-1"
                  value={issue.assigneeAccountId ?? ""}
                  disabled={change.isPending}
                  onChange={(e) => change.mutate({ key: issue.key, change: { assigneeAccountId: e.target.value || null } })}
                >
                  <option value="">Unassigned</option>
                  {users.map((u) => (
                    <option key={u.accountId} value={u.accountId}>
                      {u.displayName}
                    </option>
                  ))}
                </Select>
              </label>
              <span className="min-w-0 text-sm">
                {issue.linkedGroups.length === 0 ? (
                  <span className="text-fg-subtle">Not linked</span>
                ) : (
                  issue.linkedGroups.map((group) => (
                    <span key={group.id} className="block min-w-0">
                      <Link href={`/o/${orgSlug}/groups/${group.id}`} className="font-medium text-accent hover:underline">
                        {group.shortId}
                      </Link>{" "}
                      <span className="text-xs text-fg-muted" data-testid="linked-group-state">
                        {group.status}
                        {group.assignee ? ` · ${group.assignee}` : " · unassigned"}
                      </span>
                    </span>
                  ))
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
