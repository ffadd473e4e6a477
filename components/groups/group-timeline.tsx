"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/components/api-request";
import { isRetryableSync } from "@/lib/domain/sync-history/retryable-sync";
import Link from "next/link";
import { describeSyncEvent, type SyncEventView } from "@/components/sync/sync-event";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { ProviderIcon, providerName } from "./group-provider-icon";

interface ActivityRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
  user: { name: string | null; email: string } | null;
}


interface ActivityResponse {
  activity: ActivityRow[];
  syncEvents: { items: SyncEventView[]; nextCursor: string | null };
}


/** Activities that are events, not someone's action: shown without an actor. */
const SELF_DESCRIBING = new Set(["first_seen", "set_regression"]);

function describeActivity(row: ActivityRow): string {
  const source = row.data.source as { kind?: string } | undefined;
  const via = source?.kind && source.kind !== "dashboard" ? ` (via ${source.kind})` : "";
  switch (row.type) {
    case "assigned":
      return `assigned the group${row.data.assigneeEmail ? ` to ${String(row.data.assigneeEmail)}` : row.data.assigneeType === "team" ? " to a team" : ""}${via}`;
    case "unassigned":
      return `unassigned the group${via}`;
    case "set_resolved":
      return `resolved the group${via}`;
    case "set_resolved_in_release":
      return `resolved the group in ${row.data.version ? `release ${String(row.data.version)}` : "the next release"}${via}`;
    case "set_unresolved":
      return `unresolved the group${via}`;
    case "set_ignored":
      return `archived the group${via}`;
    case "set_regression":
      return `Regressed${row.data.version ? ` in ${String(row.data.version)}` : ""}: a new event arrived after it was resolved`;
    case "create_issue":
      return `${row.data.new ? "created" : "linked"} ${String(row.data.provider ?? "")} issue ${String(row.data.label ?? "")}`;
    case "unlink_issue":
      return `unlinked ${String(row.data.label ?? "an issue")}`;
    case "first_seen":
      return "First seen";
    default:
      return row.type.replaceAll("_", " ");
  }
}

const OUTCOME_TONE: Record<SyncEventView["outcome"], BadgeTone> = {
  applied: "success",
  skipped: "neutral",
  failed: "danger",
  retrying: "warning",
  pending: "info",
};

/** Where an activity came from, when it was not the dashboard: "jira", "discord", ... */
function activityProvider(row: ActivityRow): string | null {
  const source = row.data.source as { kind?: string } | undefined;
  return source?.kind === "jira" || source?.kind === "discord" ? source.kind : null;
}

function TimelineSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2" aria-busy="true" aria-label="Loading the timeline">
      {[0, 1].map((i) => (
        <div key={i} className="space-y-2 rounded-lg border border-line bg-surface p-4">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-3.5 w-full" />
          <Skeleton className="h-3.5 w-4/5" />
          <Skeleton className="h-3.5 w-3/5" />
        </div>
      ))}
    </div>
  );
}

/** The group's trail: who changed what, and what was synced with Jira and Discord (with retry for failures). */
export function GroupTimeline({ groupId, orgSlug }: { groupId: string; orgSlug: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const timeline = useQuery({
    queryKey: ["group-activity", groupId],
    queryFn: () => apiRequest<ActivityResponse>(`/api/v1/groups/${groupId}/activity`),
    refetchInterval: 15_000,
  });
  const retry = useMutation({
    mutationFn: (syncEventId: string) => apiRequest(`/api/v1/organizations/${orgSlug}/sync-events/${syncEventId}/retry`, { method: "POST" }),
    onSuccess: () => {
      toast.show("Retry queued");
      void queryClient.invalidateQueries({ queryKey: ["group-activity", groupId] });
    },
    onError: (error) => toast.show(`Retry not queued: ${error.message}`, "error"),
  });
  const syncHistoryHref = `/o/${orgSlug}/sync?group=${encodeURIComponent(groupId)}`;

  if (timeline.isPending) return <TimelineSkeleton />;
  if (timeline.error) {
    return <QueryError what="the activity" error={timeline.error} onRetry={() => void timeline.refetch()} className="text-sm text-danger" />;
  }
  const sync = timeline.data.syncEvents.items;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel title="Activity">
        {timeline.data.activity.length === 0 ? (
          <p className="text-sm text-fg-muted">Nothing has happened to this group yet. Assign it or link an issue to start its trail.</p>
        ) : (
          <ol className="space-y-2 text-sm">
            {timeline.data.activity.map((row) => {
              const provider = activityProvider(row);
              return (
                <li key={row.id} className="flex items-start justify-between gap-3">
                  <span className="flex min-w-0 items-start gap-1.5 text-fg-muted">
                    {provider ? <ProviderIcon provider={provider} className="mt-0.5 h-3.5 w-3.5" /> : null}
                    <span className="min-w-0 break-words">
                      {SELF_DESCRIBING.has(row.type) && !row.user ? (
                        <span className="text-fg">{describeActivity(row)}</span>
                      ) : (
                        <>
                          <span className="font-medium text-fg">{row.user ? row.user.name ?? row.user.email : provider ? providerName(provider) : "Tether"}</span> <span>{describeActivity(row)}</span>
                        </>
                      )}
                    </span>
                  </span>
                  <RelativeTime iso={row.createdAt} className="shrink-0 text-xs text-fg-subtle" />
                </li>
              );
            })}
          </ol>
        )}
      </Panel>
      <Panel
        title="Jira and Discord"
        description="What was synced for this group"
        actions={
          <Link href={syncHistoryHref} className="text-xs font-medium text-accent-fg hover:underline">
            Sync history →
          </Link>
        }
      >
        {sync.length === 0 ? (
          <p className="text-sm text-fg-muted">Nothing synced yet. Link or create a Jira issue to keep assignee and status in step; Discord alerts show here too.</p>
        ) : (
          <ol aria-label="Sync events" className="space-y-2.5 text-sm">
            {sync.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <ProviderIcon provider={row.provider} />
                <Badge tone={OUTCOME_TONE[row.outcome]}>{row.outcome}</Badge>
                <Link href={syncHistoryHref} className="min-w-0 flex-1 break-words text-fg hover:underline">
                  {describeSyncEvent(row)}
                </Link>
                <RelativeTime iso={row.createdAt} className="shrink-0 text-xs text-fg-subtle" />
                {row.error || row.reason ? <span className="w-full pl-6 text-xs break-words text-fg-muted">{row.error ?? row.reason}</span> : null}
                {isRetryableSync(row) ? (
                  <Button size="sm" variant="ghost" className="ml-4" pending={retry.isPending && retry.variables === row.id} disabled={retry.isPending} onClick={() => retry.mutate(row.id)}>
                    Retry
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
}
