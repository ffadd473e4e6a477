"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { isRetryableSync } from "@/lib/domain/sync-history/retryable-sync";
import { OUTCOME_STYLE, describeSyncEvent, type SyncEventView } from "./sync-event";
import { QueryError } from "@/components/ui/query-error";
import { shortDateTime } from "@/components/ui/relative-time";


const OUTCOMES = ["", "failed", "retrying", "pending", "applied", "skipped"] as const;

/** Every webhook effect and outbound attempt of the organization, newest first, with retry for failures. */
export function SyncHistoryTable({ orgSlug }: { orgSlug: string }) {
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>("");
  const [direction, setDirection] = useState<"" | "inbound" | "outbound">("");
  const [provider, setProvider] = useState<"" | "jira" | "discord">("");
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: ["sync-events", orgSlug, outcome, direction, provider],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "50" });
      if (outcome) params.set("outcome", outcome);
      if (direction) params.set("direction", direction);
      if (provider) params.set("provider", provider);
      if (pageParam) params.set("cursor", pageParam);
      return apiRequest<{ items: SyncEventView[]; nextCursor: string | null }>(`/api/v1/organizations/${orgSlug}/sync-events?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 20_000,
  });
  const retry = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/v1/organizations/${orgSlug}/sync-events/${id}/retry`, { method: "POST" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["sync-events", orgSlug] }),
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <select aria-label="Outcome" className={select} value={outcome} onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o === "" ? "Any outcome" : o}
            </option>
          ))}
        </select>
        <select aria-label="Direction" className={select} value={direction} onChange={(e) => setDirection(e.target.value as "" | "inbound" | "outbound")}>
          <option value="">Both directions</option>
          <option value="inbound">Inbound (webhooks)</option>
          <option value="outbound">Outbound (Tether → provider)</option>
        </select>
        <select aria-label="Provider" className={select} value={provider} onChange={(e) => setProvider(e.target.value as "" | "jira" | "discord")}>
          <option value="">Every provider</option>
          <option value="jira">Jira</option>
          <option value="discord">Discord</option>
        </select>
      </div>
      {query.isPending ? (
        <div className="space-y-2" aria-busy="true">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
          ))}
        </div>
      ) : query.error ? (
        <QueryError what="the sync history" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          {outcome || direction || provider ? "Nothing matches these filters." : "Nothing has been synced yet. Connect an integration in Settings › Integrations, then link issues to groups."}
        </div>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2 font-medium">When</th>
              <th className="px-3 py-2 font-medium">Outcome</th>
              <th className="px-3 py-2 font-medium">What</th>
              <th className="px-3 py-2 font-medium">Group</th>
              <th className="px-3 py-2 font-medium">Detail</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id} className="align-top">
                <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">
                  <time dateTime={row.createdAt}>{shortDateTime(row.createdAt)}</time>
                </td>
                <td className="px-3 py-2">
                  <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_STYLE[row.outcome]}`}>{row.outcome}</span>
                </td>
                <td className="px-3 py-2 text-slate-700">
                  {describeSyncEvent(row)}
                  {row.durationMs !== null ? <span className="text-xs text-slate-400"> · {row.durationMs} ms</span> : null}
                </td>
                <td className="max-w-64 truncate px-3 py-2">
                  {row.group ? (
                    <Link className="text-indigo-700 hover:underline" href={`/o/${orgSlug}/groups/${row.group.id}`}>
                      {row.group.title}
                    </Link>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="px-3 py-2 text-xs text-slate-600">{row.error ?? row.reason ?? ""}</td>
                <td className="px-3 py-2 text-right">
                  {isRetryableSync(row) ? (
                    <button type="button" className="text-xs text-indigo-700 hover:underline disabled:opacity-50" disabled={retry.isPending} onClick={() => retry.mutate(row.id)}>
                      Retry
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {retry.error ? <p role="alert" className="text-sm text-red-700">{retry.error.message}</p> : null}
      {query.hasNextPage ? (
        <button type="button" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
