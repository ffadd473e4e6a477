"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/components/api-request";
import { isRetryableSync } from "@/lib/domain/sync-history/retryable-sync";
import { OUTCOME_STYLE, describeSyncEvent, type SyncEventView } from "@/components/sync/sync-event";
import { QueryError } from "@/components/ui/query-error";
import { shortDateTime } from "@/components/ui/relative-time";

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

/** The group's trail: who changed what, and what was synced with its integrations (with retry for failures). */
export function GroupTimeline({ groupId, orgSlug }: { groupId: string; orgSlug: string }) {
  const queryClient = useQueryClient();
  const timeline = useQuery({
    queryKey: ["group-activity", groupId],
    queryFn: () => apiRequest<ActivityResponse>(`/api/v1/groups/${groupId}/activity`),
    refetchInterval: 15_000,
  });
  const retry = useMutation({
    mutationFn: (syncEventId: string) => apiRequest(`/api/v1/organizations/${orgSlug}/sync-events/${syncEventId}/retry`, { method: "POST" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["group-activity", groupId] }),
  });

  if (timeline.isPending) return <p className="text-sm text-slate-500">Loading the activity…</p>;
  if (timeline.error) {
    return <QueryError what="the activity" error={timeline.error} onRetry={() => void timeline.refetch()} />;
  }
  const sync = timeline.data.syncEvents.items;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="activity-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="activity-heading" className="text-sm font-semibold text-slate-900">
          Activity
        </h2>
        {timeline.data.activity.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">Nothing has happened to this group yet.</p>
        ) : (
          <ol className="mt-2 space-y-1.5 text-sm">
            {timeline.data.activity.map((row) => (
              <li key={row.id} className="flex justify-between gap-3">
                <span>
                  {SELF_DESCRIBING.has(row.type) && !row.user ? (
                    <span className="text-slate-700">{describeActivity(row)}</span>
                  ) : (
                    <>
                      <span className="font-medium text-slate-800">{row.user ? row.user.name ?? row.user.email : "Tether"}</span> <span>{describeActivity(row)}</span>
                    </>
                  )}
                </span>
                <time className="shrink-0 text-xs text-slate-400" dateTime={row.createdAt} title={new Date(row.createdAt).toLocaleString()}>
                  {new Date(row.createdAt).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" })}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="sync-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="sync-heading" className="text-sm font-semibold text-slate-900">
          Sync history
        </h2>
        {sync.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">No sync yet. Link an issue to keep assignee and status in step.</p>
        ) : (
          <ol className="mt-2 space-y-1.5 text-sm">
            {sync.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_STYLE[row.outcome]}`}>{row.outcome}</span>
                <span className="text-slate-700">{describeSyncEvent(row)}</span>
                <time className="ml-auto text-xs text-slate-400" dateTime={row.createdAt}>
                  {shortDateTime(row.createdAt)}
                </time>
                {row.error || row.reason ? <span className="w-full text-xs text-slate-500">{row.error ?? row.reason}</span> : null}
                {isRetryableSync(row) ? (
                  <button type="button" className="text-xs text-indigo-700 hover:underline disabled:opacity-50" disabled={retry.isPending} onClick={() => retry.mutate(row.id)}>
                    Retry
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {retry.error ? <p role="alert" className="mt-2 text-xs text-red-700">{retry.error.message}</p> : null}
      </section>
    </div>
  );
}
