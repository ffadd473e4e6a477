"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { QueryError } from "@/components/ui/query-error";
import { useToast } from "@/components/ui/toast";
import type { ProjectOption } from "@/lib/domain/groups/list-filter-options";
import { groupsQueryFromSearch, groupsQueryToSearch, PAGE_SIZES, type ListGroupsQuery } from "@/lib/domain/groups/list-groups-query";
import type { GroupListPage, GroupStatusCounts } from "@/lib/domain/groups/list-groups";
import { BulkGroupActions } from "./bulk-group-actions";
import type { AssigneeOption } from "./group-actions";
import { GroupsAssignPicker } from "./groups-assign-dialog";
import { GroupsCards } from "./groups-cards";
import { Dialog } from "@/components/ui/dialog";
import { GroupsEmpty } from "./groups-empty";
import { GroupsFilters, type FilterPatch, type StatusCounts } from "./groups-filters";
import { groupHref, type GroupSelection } from "./groups-row-parts";
import { GroupsShortcutsDialog } from "./groups-shortcuts";
import { GroupsRowsSkeleton } from "./groups-skeleton";
import { GroupsTable } from "./groups-table";
import { useTriageKeys, type TriageKey } from "./groups-triage-keys";
import { ARCHIVE, RESOLVE, useGroupsUpdate } from "./groups-update";

// The tab counts answer for the filters, not for the tab, the page or the order.
const NOT_COUNTED = ["status", "cursor", "page", "sort", "limit"];

function countsSearch(query: ListGroupsQuery): string {
  const params = groupsQueryToSearch(query);
  for (const key of NOT_COUNTED) params.delete(key);
  return params.toString();
}

/** The element of a group on screen: the table row, or on a phone its card. */
function visibleRow(id: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>(`[data-group-id="${CSS.escape(id)}"]`)].find((el) => el.getClientRects().length > 0);
}

type Dialog = { kind: "none" } | { kind: "help" } | { kind: "assign"; ids: string[] };

/**
 * The groups list. Filters live in the URL (shareable, back button works); the list is fetched
 * from the JSON API with React Query, starting from the page the server already rendered, and
 * can be triaged from the keyboard.
 */
export function GroupsList({
  orgSlug,
  initialQuery,
  initialPage,
  initialCounts,
  projects,
  assigneeOptions,
  canEdit,
}: {
  orgSlug: string;
  initialQuery: ListGroupsQuery;
  initialPage: GroupListPage;
  initialCounts?: StatusCounts;
  projects: ProjectOption[];
  assigneeOptions: AssigneeOption[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const searchParams = useSearchParams();
  const searchRef = useRef<HTMLInputElement>(null);
  // Next.js hands out a new searchParams object only when the URL changes: parse it once per URL.
  const query = useMemo(() => groupsQueryFromSearch(searchParams), [searchParams]);
  const search = useMemo(() => groupsQueryToSearch(query).toString(), [query]);
  const initialSearch = useMemo(() => groupsQueryToSearch(initialQuery).toString(), [initialQuery]);
  const queryKey = useMemo(() => ["groups", orgSlug, search] as const, [orgSlug, search]);
  const counted = useMemo(() => countsSearch(query), [query]);

  const groups = useQuery({
    queryKey,
    queryFn: () => apiRequest<GroupListPage>(`/api/v1/organizations/${orgSlug}/groups?${search}`),
    initialData: search === initialSearch ? initialPage : undefined,
    placeholderData: keepPreviousData,
  });
  const counts = useQuery({
    queryKey: ["groups", orgSlug, "counts", counted],
    queryFn: () => apiRequest<GroupStatusCounts>(`/api/v1/organizations/${orgSlug}/groups/counts${counted ? `?${counted}` : ""}`).then((r) => r.counts),
    initialData: initialCounts && counted === countsSearch(initialQuery) ? initialCounts : undefined,
    placeholderData: keepPreviousData,
  });

  // The selection and the keyboard's focus row belong to the page they were made on.
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: "", ids: new Set() });
  const selected = useMemo(() => (selection.key === search ? selection.ids : new Set<string>()), [selection, search]);
  const [focus, setFocus] = useState<{ key: string; index: number }>({ key: "", index: -1 });
  const [dialog, setDialog] = useState<Dialog>({ kind: "none" });

  const page = groups.data;
  const rows = useMemo(() => page?.groups ?? [], [page]);
  const focusIndex = focus.key === search ? Math.min(focus.index, rows.length - 1) : -1;
  const focusedId = focusIndex >= 0 ? rows[focusIndex].id : null;

  const update = useGroupsUpdate({
    orgSlug,
    queryKey,
    assigneeOptions,
    onSaved: (ids) => setSelection((current) => ({ key: current.key, ids: new Set([...current.ids].filter((id) => !ids.includes(id))) })),
  });

  const navigate = useCallback((next: ListGroupsQuery) => {
    const search = groupsQueryToSearch(next).toString();
    // Next.js keeps useSearchParams in step with the History API, without a server round trip.
    window.history.pushState(null, "", search ? `?${search}` : window.location.pathname);
  }, []);
  // From the URL as it is now, not as last rendered: two quick changes must both stick.
  const onChange = useCallback((patch: FilterPatch) => navigate({ ...groupsQueryFromSearch(new URLSearchParams(window.location.search)), ...patch, cursor: undefined, page: 1 }), [navigate]);
  const clearFilters = () => navigate({ ...query, project: undefined, query: undefined, level: undefined, assigned: "anyone", linked: "any", cursor: undefined, page: 1 });

  const moveFocus = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setFocus({ key: search, index: next });
    const row = visibleRow(rows[next].id);
    row?.scrollIntoView({ block: "nearest" });
  };
  const toggle = (id: string) => {
    const ids = new Set(selected);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    setSelection({ key: search, ids });
  };
  /** What r, e and a act on: the selection, or else the focus row. */
  const targets = (): string[] | null => {
    if (selected.size > 0) return [...selected];
    if (focusedId) return [focusedId];
    toast.show("Pick a group first: move to it with j / k, or select several with x.", "info");
    return null;
  };

  useTriageKeys(dialog.kind === "none", (key: TriageKey) => {
    if (key === "help") return setDialog({ kind: "help" });
    if (key === "search") {
      searchRef.current?.focus();
      searchRef.current?.select();
      return;
    }
    if (key === "next") return moveFocus(focusIndex + 1);
    if (key === "previous") return moveFocus(focusIndex < 0 ? 0 : focusIndex - 1);
    if (key === "open") {
      if (focusedId) router.push(groupHref(orgSlug, focusedId));
      return;
    }
    if (!canEdit) return toast.show("Your role can look at groups but not change them.", "info");
    if (key === "select") {
      if (focusedId) toggle(focusedId);
      return;
    }
    const ids = targets();
    if (!ids || update.isPending) return;
    if (key === "resolve") update.mutate({ ids, change: RESOLVE });
    else if (key === "archive") update.mutate({ ids, change: ARCHIVE });
    else if (key === "assign") setDialog({ kind: "assign", ids });
  });

  const rowSelection: GroupSelection | undefined = canEdit
    ? {
        selected,
        toggle,
        toggleAll: () => {
          const all = rows.every((g) => selected.has(g.id));
          setSelection({ key: search, ids: all ? new Set() : new Set(rows.map((g) => g.id)) });
        },
      }
    : undefined;
  const rowProps = { orgSlug, groups: rows, dimmed: groups.isPlaceholderData, selection: rowSelection, focusedId, onFocusRow: (id: string) => setFocus({ key: search, index: rows.findIndex((g) => g.id === id) }) };

  return (
    <div className="space-y-3">
      <GroupsFilters ref={searchRef} query={query} counts={counts.data} projects={projects} onChange={onChange} />
      {groups.error && !page ? (
        <QueryError what="the groups" error={groups.error} onRetry={() => void groups.refetch()} className="rounded-lg border border-danger-line bg-danger-soft p-4 text-sm text-danger" />
      ) : !page ? (
        <GroupsRowsSkeleton />
      ) : rows.length === 0 ? (
        <GroupsEmpty query={query} orgSlug={orgSlug} onClear={clearFilters} onFirstPage={() => navigate({ ...query, cursor: undefined, page: 1 })} />
      ) : (
        <>
          {groups.error ? (
            <p role="alert" className="text-sm text-danger">
              Could not refresh: {groups.error.message}
            </p>
          ) : null}
          {canEdit && selected.size > 0 ? <BulkGroupActions selected={[...selected]} update={update} assigneeOptions={assigneeOptions} onClear={() => setSelection({ key: "", ids: new Set() })} /> : null}
          <div className="hidden sm:block">
            <GroupsTable {...rowProps} />
          </div>
          <div className="sm:hidden">
            <GroupsCards {...rowProps} />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="flex items-center gap-3">
              <label className="flex items-center gap-2 text-sm text-fg-muted">
                Per page
                <Select aria-label="Groups per page" className="py-1" value={query.limit} onChange={(e) => onChange({ limit: Number(e.target.value) })}>
                  {PAGE_SIZES.map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </Select>
              </label>
              <Button variant="ghost" size="sm" className="hidden sm:inline-flex" aria-keyshortcuts="?" onClick={() => setDialog({ kind: "help" })}>
                Keyboard shortcuts <kbd className="rounded border border-line-strong px-1 font-mono text-[10px]">?</kbd>
              </Button>
            </div>
            <nav aria-label="Pages" className="flex items-center gap-2">
              <Button size="sm" disabled={!page.previousCursor && !query.cursor} onClick={() => navigate({ ...query, cursor: page.previousCursor ?? undefined, page: 1 })}>
                Previous
              </Button>
              <Button size="sm" disabled={!page.nextCursor} onClick={() => navigate({ ...query, cursor: page.nextCursor ?? undefined, page: 1 })}>
                Next
              </Button>
            </nav>
          </div>
        </>
      )}
      <GroupsShortcutsDialog open={dialog.kind === "help"} onClose={() => setDialog({ kind: "none" })} />
      <Dialog bodyClassName="" open={dialog.kind === "assign"} title="Assign" onClose={() => setDialog({ kind: "none" })}>
        {dialog.kind === "assign" ? (
          <GroupsAssignPicker
            count={dialog.ids.length}
            assigneeOptions={assigneeOptions}
            onAssign={(assignedTo) => {
              update.mutate({ ids: dialog.ids, change: { assignedTo } });
              setDialog({ kind: "none" });
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
