"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { apiRequest } from "@/components/api-request";
import type { ProjectOption } from "@/lib/domain/groups/list-filter-options";
import { groupsQueryFromSearch, groupsQueryToSearch, PAGE_SIZES, type ListGroupsQuery } from "@/lib/domain/groups/list-groups-query";
import type { GroupListPage } from "@/lib/domain/groups/list-groups";
import { BulkGroupActions } from "./bulk-group-actions";
import type { AssigneeOption } from "./group-actions";
import { GroupsFilters } from "./groups-filters";
import { GroupsTable } from "./groups-table";
import { QueryError } from "@/components/ui/query-error";

function sameQuery(a: ListGroupsQuery, b: ListGroupsQuery): boolean {
  return groupsQueryToSearch(a).toString() === groupsQueryToSearch(b).toString();
}

function isFiltered(query: ListGroupsQuery): boolean {
  return Boolean(query.project || query.query || query.assigned !== "anyone");
}

function EmptyState({ query, orgSlug, onClear }: { query: ListGroupsQuery; orgSlug: string; onClear: () => void }) {
  if (isFiltered(query)) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
        <p className="font-medium text-slate-800">No groups match these filters.</p>
        <button type="button" onClick={onClear} className="mt-2 text-indigo-700 hover:underline">
          Clear filters
        </button>
      </div>
    );
  }
  const label = { unresolved: "unresolved groups", resolved: "resolved groups", ignored: "archived groups", all: "groups" }[query.status];
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
      <p className="text-base font-medium text-slate-800">{query.status === "unresolved" ? "No unresolved groups — nice." : `No ${label}.`}</p>
      <p className="mt-2">
        Groups appear when events arrive. Send them to{" "}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">POST /api/v1/projects/{orgSlug}/&#123;project&#125;/events</code> with an API token that has the{" "}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">events:write</code> scope.
      </p>
    </div>
  );
}

function Pagination({ page, onCursor }: { page: GroupListPage; onCursor: (cursor: string) => void }) {
  const button = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40";
  return (
    <div className="flex items-center justify-end gap-2 text-sm text-slate-600">
      <button type="button" className={button} disabled={!page.previousCursor} onClick={() => page.previousCursor && onCursor(page.previousCursor)}>
        Previous
      </button>
      <button type="button" className={button} disabled={!page.nextCursor} onClick={() => page.nextCursor && onCursor(page.nextCursor)}>
        Next
      </button>
    </div>
  );
}

/**
 * The groups list. Filters live in the URL (shareable, back button works); the list is fetched
 * from the JSON API with React Query, starting from the page the server already rendered.
 */
export function GroupsList({
  orgSlug,
  initialQuery,
  initialPage,
  projects,
  assigneeOptions,
  canEdit,
}: {
  orgSlug: string;
  initialQuery: ListGroupsQuery;
  initialPage: GroupListPage;
  projects: ProjectOption[];
  assigneeOptions: AssigneeOption[];
  canEdit: boolean;
}) {
  const searchParams = useSearchParams();
  // Next.js hands out a new searchParams object only when the URL changes: parse it once per URL.
  const query = useMemo(() => groupsQueryFromSearch(searchParams), [searchParams]);
  const search = useMemo(() => groupsQueryToSearch(query).toString(), [query]);
  const queryKey = useMemo(() => ["groups", orgSlug, search] as const, [orgSlug, search]);
  // The selection belongs to the page it was made on.
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: "", ids: new Set() });
  const selected = selection.key === queryKey[2] ? selection.ids : new Set<string>();
  const groups = useQuery({
    queryKey,
    queryFn: () => apiRequest<GroupListPage>(`/api/v1/organizations/${orgSlug}/groups?${search}`),
    initialData: sameQuery(query, initialQuery) ? initialPage : undefined,
    placeholderData: keepPreviousData,
  });

  const navigate = useCallback(
    (next: ListGroupsQuery) => {
      const search = groupsQueryToSearch(next).toString();
      // Next.js keeps useSearchParams in step with the History API, without a server round trip.
      window.history.pushState(null, "", search ? `?${search}` : window.location.pathname);
    },
    [],
  );
  // A filter change starts again from the first page: a cursor belongs to the list it came from.
  const onChange = useCallback((patch: Partial<ListGroupsQuery>) => navigate({ ...query, cursor: undefined, page: 1, ...patch }), [query, navigate]);

  const page = groups.data;
  return (
    <div className="space-y-3">
      <GroupsFilters query={query} projects={projects} onChange={onChange} />
      {groups.error && !page ? (
        <QueryError what="the groups" error={groups.error} onRetry={() => void groups.refetch()} className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800" />
      ) : !page ? (
        <div className="h-64 animate-pulse rounded-lg border border-slate-200 bg-white" aria-busy="true" aria-label="Loading groups" />
      ) : page.groups.length === 0 ? (
        <EmptyState query={query} orgSlug={orgSlug} onClear={() => navigate({ ...query, project: undefined, query: undefined, assigned: "anyone", page: 1 })} />
      ) : (
        <>
          {groups.error ? (
            <p role="alert" className="text-sm text-red-700">
              Could not refresh: {groups.error.message}
            </p>
          ) : null}
          {canEdit && selected.size > 0 ? (
            <BulkGroupActions
              orgSlug={orgSlug}
              queryKey={queryKey}
              selected={[...selected]}
              assigneeOptions={assigneeOptions}
              onDone={() => setSelection({ key: "", ids: new Set() })}
            />
          ) : null}
          <GroupsTable
            orgSlug={orgSlug}
            groups={page.groups}
            dimmed={groups.isPlaceholderData}
            selection={
              canEdit
                ? {
                    selected,
                    toggle: (id) => {
                      const ids = new Set(selected);
                      if (ids.has(id)) ids.delete(id);
                      else ids.add(id);
                      setSelection({ key: queryKey[2], ids });
                    },
                    toggleAll: () => {
                      const all = page.groups.every((g) => selected.has(g.id));
                      setSelection({ key: queryKey[2], ids: all ? new Set() : new Set(page.groups.map((g) => g.id)) });
                    },
                  }
                : undefined
            }
          />
          <div className="flex items-center justify-between">
            <label className="flex items-center gap-2 text-sm text-slate-600">
              Per page
              <select
                aria-label="Groups per page"
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                value={query.limit}
                onChange={(e) => onChange({ limit: Number(e.target.value), page: 1 })}
              >
                {PAGE_SIZES.map((size) => (
                  <option key={size} value={size}>
                    {size}
                  </option>
                ))}
              </select>
            </label>
            <Pagination page={page} onCursor={(cursor) => onChange({ cursor })} />
          </div>
        </>
      )}
    </div>
  );
}
