"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { RelativeTime } from "@/components/ui/relative-time";
import type { GroupEventPage } from "@/lib/domain/groups/list-group-events";
import { LevelBadge } from "./badges";
import { QueryError } from "@/components/ui/query-error";

const PAGE_SIZE = 10;

/** The group's latest events, newest first, paged with the API's cursor. */
export function GroupEventsList({ groupId }: { groupId: string }) {
  // Cursors of the pages shown so far: "Newer" pops, "Older" pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const events = useQuery({
    queryKey: ["group-events", groupId, cursor],
    queryFn: () => apiRequest<GroupEventPage>(`/api/v1/groups/${groupId}/events?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
    placeholderData: keepPreviousData,
  });
  const button = "rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40";

  return (
    <section aria-labelledby="events-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
        <h2 id="events-heading" className="text-sm font-semibold text-slate-900">
          Latest events
        </h2>
        <div className="flex gap-1.5">
          <button type="button" className={button} disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <button type="button" className={button} disabled={!events.data?.nextCursor} onClick={() => events.data?.nextCursor && setCursors([...cursors, events.data.nextCursor])}>
            Older
          </button>
        </div>
      </div>
      {events.error ? (
        <QueryError what="the events" error={events.error} onRetry={() => void events.refetch()} className="px-4 py-3 text-sm text-red-700" />
      ) : !events.data ? (
        <p className="px-4 py-3 text-sm text-slate-500">Loading events…</p>
      ) : events.data.events.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No events stored for this group.</p>
      ) : (
        <ul className={`divide-y divide-slate-100 ${events.isPlaceholderData ? "opacity-60" : ""}`}>
          {events.data.events.map((event) => (
            <li key={event.id} className="space-y-1 px-4 py-2 text-sm">
              <div className="flex items-center gap-2">
                <LevelBadge level={event.level} />
                <span className="min-w-0 flex-1 truncate text-slate-800" title={event.message ?? event.title}>
                  {event.message ?? event.title}
                </span>
                <RelativeTime iso={event.timestamp} className="shrink-0 text-xs text-slate-500" />
              </div>
              <div className="flex flex-wrap gap-1 text-[11px]">
                {event.release ? <span className="rounded bg-slate-100 px-1.5 py-px text-slate-700">release {event.release}</span> : null}
                {event.environment ? <span className="rounded bg-slate-100 px-1.5 py-px text-slate-700">env {event.environment}</span> : null}
                {event.userTag ? <span className="rounded bg-slate-100 px-1.5 py-px text-slate-700">user {event.userTag}</span> : null}
                {Object.entries(event.tags)
                  .filter(([key]) => key !== "environment" && key !== "release")
                  .map(([key, value]) => (
                    <span key={key} className="rounded border border-slate-200 px-1.5 py-px text-slate-600">
                      {key}: {value}
                    </span>
                  ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
