"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { EVENT_STATS_PERIODS, type EventStatsPeriod, type GroupEventStats } from "@/lib/domain/groups/group-event-stats";
import { EventsBarChart } from "./events-bar-chart";

const PERIOD_LABEL: Record<EventStatsPeriod, string> = { "24h": "24 hours", "14d": "14 days" };

/** The group's events over time, 24 hours by hour or 14 days by day; the first view comes with the page. */
export function EventsChart({ groupId, initial }: { groupId: string; initial: GroupEventStats }) {
  const [period, setPeriod] = useState<EventStatsPeriod>(initial.period);
  const stats = useQuery({
    queryKey: ["group-stats", groupId, period],
    queryFn: () => apiRequest<GroupEventStats>(`/api/v1/groups/${groupId}/stats?period=${period}`),
    initialData: period === initial.period ? initial : undefined,
    staleTime: 60_000,
  });
  const shown = stats.data ?? null;

  return (
    <Panel
      title="Events over time"
      description="UTC"
      actions={
        <div role="group" aria-label="Period" className="inline-flex rounded-md border border-line-strong p-0.5">
          {EVENT_STATS_PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={period === p}
              onClick={() => setPeriod(p)}
              className={`rounded px-2 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-accent ${period === p ? "bg-accent text-on-accent" : "text-fg-muted hover:bg-surface-muted hover:text-fg"}`}
            >
              {PERIOD_LABEL[p]}
            </button>
          ))}
        </div>
      }
    >
      {/* Fixed height: switching periods or loading never moves what is below. */}
      <div className="h-[9.5rem]" aria-busy={stats.isFetching || undefined}>
        {stats.error && !shown ? (
          <QueryError what="the event counts" error={stats.error} onRetry={() => void stats.refetch()} className="text-sm text-danger" />
        ) : shown ? (
          <EventsBarChart buckets={shown.buckets} period={shown.period} />
        ) : (
          <Skeleton className="h-32 w-full" label="Loading the event counts" />
        )}
      </div>
    </Panel>
  );
}
