"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { apiRequest } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryError } from "@/components/ui/query-error";
import { exactTime, shortDateTime } from "@/components/ui/relative-time";
import { SkeletonRows } from "@/components/ui/skeleton";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { isRetryableSync } from "@/lib/domain/sync-history/retryable-sync";
import { SyncEventDrawer } from "./sync-event-drawer";
import { OUTCOME_TONE, describeSyncEvent, isDeadLetter, isUnsettled, type SyncEventView } from "./sync-event";
import { SyncHistoryFilterBar } from "./sync-history-filter-bar";
import { filtersFromSearch, filtersQuery, hasFilters, type FilterKey } from "./sync-history-filters";
import { useRetrySync } from "./use-retry-sync";

interface SyncEventsPage {
  items: SyncEventView[];
  nextCursor: string | null;
  /** The group the `group` filter named; null when the organization has none by that id or short id. */
  group?: { id: string; shortId: string; title: string } | null;
}

// Live update: quick while a row on screen is still moving (pending, retrying), then slower and
// slower while nothing changes; React Query pauses it while the tab is hidden.
const BUSY_POLL_MS = 2_500;
const IDLE_POLL_MS = 3_000;
const MAX_IDLE_POLL_MS = 15_000;
const NEW_ROW_HIGHLIGHT_MS = 6_000;

/** Every webhook effect and outbound attempt of the organization, newest first, filtered from the URL, with a detail drawer and retry. */
export function SyncHistoryTable({ orgSlug, integrations }: { orgSlug: string; integrations: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search.toString())), [search]);
  const query = filtersQuery(filters);
  const openEventId = search.get("event");
  const retry = useRetrySync(orgSlug);

  // useSearchParams lags behind router.replace: two quick changes (a filter, then another) must
  // build on each other, so changes start from the last URL asked for, not the last rendered.
  const latestSearch = useRef(search.toString());
  const askedFor = useRef(new Set<string>());
  useEffect(() => {
    const text = search.toString();
    // A URL this component did not ask for (back button, a link with ?group=) is the new start.
    if (!askedFor.current.has(text)) latestSearch.current = text;
    askedFor.current.delete(text);
  }, [search]);
  const replaceSearch = useCallback(
    (change: (params: URLSearchParams) => void) => {
      const params = new URLSearchParams(latestSearch.current);
      change(params);
      const text = params.toString();
      latestSearch.current = text;
      askedFor.current.add(text);
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const setFilter = (key: FilterKey, value: string) => replaceSearch((params) => (value ? params.set(key, value) : params.delete(key)));
  const clearFilters = () => replaceSearch((params) => [...params.keys()].filter((key) => key !== "event").forEach((key) => params.delete(key)));
  const openEvent = (id: string) => replaceSearch((params) => params.set("event", id));
  const closeEvent = useCallback(() => replaceSearch((params) => params.delete("event")), [replaceSearch]);

  const idlePolls = useRef(0);
  const events = useInfiniteQuery({
    queryKey: ["sync-events", orgSlug, query],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(query);
      params.set("limit", "50");
      if (pageParam) params.set("cursor", pageParam);
      return apiRequest<SyncEventsPage>(`/api/v1/organizations/${orgSlug}/sync-events?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (state) => {
      const rows = state.state.data?.pages.flatMap((page) => page.items) ?? [];
      if (rows.some(isUnsettled)) return BUSY_POLL_MS;
      return Math.min(MAX_IDLE_POLL_MS, IDLE_POLL_MS * 2 ** idlePolls.current);
    },
  });
  const rows = useMemo(() => events.data?.pages.flatMap((page) => page.items) ?? [], [events.data]);
  const namedGroup = events.data?.pages[0]?.group;

  // Rows that arrived since the last look: highlighted, and counted in a notice when the reader has scrolled away from the top.
  const known = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [scrolledAway, setScrolledAway] = useState(false);
  useEffect(() => {
    known.current = null;
    idlePolls.current = 0;
  }, [query]);
  useEffect(() => {
    if (!events.data) return;
    const ids = rows.map((row) => row.id);
    if (known.current === null) {
      known.current = new Set(ids);
      return;
    }
    const arrived = ids.filter((id) => !known.current!.has(id));
    idlePolls.current = arrived.length > 0 || rows.some(isUnsettled) ? 0 : idlePolls.current + 1;
    if (arrived.length === 0) return;
    arrived.forEach((id) => known.current!.add(id));
    setFresh((current) => new Set([...current, ...arrived]));
    const timer = setTimeout(() => setFresh((current) => new Set([...current].filter((id) => !arrived.includes(id)))), NEW_ROW_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
    // dataUpdatedAt moves on every answer, also one that changed nothing (data keeps its identity then).
  }, [events.dataUpdatedAt, events.data, rows]);
  useEffect(() => {
    const onScroll = () => setScrolledAway(window.scrollY > 240);
    onScroll();
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);

  const filtered = hasFilters(filters);
  return (
    <div className="space-y-4">
      <SyncHistoryFilterBar filters={filters} onChange={setFilter} onClear={clearFilters} />
      {filters.group && namedGroup !== undefined ? (
        <p className="text-sm text-fg-muted" role="status">
          {namedGroup ? (
            <>
              Showing the sync history of{" "}
              <Link className="text-accent-fg hover:underline" href={`/o/${orgSlug}/groups/${namedGroup.id}`}>
                {namedGroup.shortId} · {namedGroup.title}
              </Link>
            </>
          ) : (
            <>No group “{filters.group}” in this organization.</>
          )}
        </p>
      ) : null}
      {fresh.size > 0 && scrolledAway ? (
        <div className="sticky top-2 z-20 flex justify-center">
          <Button
            variant="primary"
            size="sm"
            className="shadow-lg"
            onClick={() => {
              window.scrollTo({ top: 0, behavior: "smooth" });
              setFresh(new Set());
            }}
          >
            {fresh.size === 1 ? "1 new row" : `${fresh.size} new rows`} ↑
          </Button>
        </div>
      ) : null}
      {events.isPending ? (
        <SkeletonRows rows={8} label="Loading the sync history" />
      ) : events.error ? (
        <QueryError what="the sync history" error={events.error} onRetry={() => void events.refetch()} className="text-sm text-danger" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="Nothing matches these filters"
            action={
              <Button variant="secondary" onClick={clearFilters}>
                Clear filters
              </Button>
            }
          >
            Widen the date range or clear a filter to see more of the history.
          </EmptyState>
        ) : (
          <EmptyState
            title="Nothing has been synced yet"
            action={
              <Link className={buttonClass("primary")} href={`/o/${orgSlug}/settings/integrations`}>
                {integrations === 0 ? "Connect Jira or Discord" : "Open integrations"}
              </Link>
            }
          >
            {integrations === 0
              ? "Connect Jira or Discord in Settings › Integrations. Each webhook Tether receives and each call it makes will be listed here, with the reason."
              : "Link a Jira issue to a group (Create Jira issue on a group's page) or act on a Discord alert: each change synced both ways will be listed here."}
          </EmptyState>
        )
      ) : (
        <>
          <SyncHistoryRowsTable rows={rows} orgSlug={orgSlug} fresh={fresh} openEventId={openEventId} onOpen={openEvent} onRetry={(id) => retry.mutate(id)} retrying={retry.isPending} />
          <SyncHistoryCards rows={rows} orgSlug={orgSlug} fresh={fresh} onOpen={openEvent} onRetry={(id) => retry.mutate(id)} retrying={retry.isPending} />
        </>
      )}
      {events.hasNextPage ? (
        <Button pending={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          Load more
        </Button>
      ) : null}
      {openEventId ? <SyncEventDrawer orgSlug={orgSlug} eventId={openEventId} onClose={closeEvent} onRetry={(id) => retry.mutate(id)} retrying={retry.isPending} /> : null}
    </div>
  );
}

interface RowsProps {
  rows: SyncEventView[];
  orgSlug: string;
  fresh: Set<string>;
  onOpen: (id: string) => void;
  onRetry: (id: string) => void;
  retrying: boolean;
}

function OutcomeBadges({ row }: { row: SyncEventView }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={OUTCOME_TONE[row.outcome]}>{row.outcome}</Badge>
      {isDeadLetter(row) ? <Badge tone="solid-danger">dead letter</Badge> : null}
    </span>
  );
}

function GroupLink({ row, orgSlug }: { row: SyncEventView; orgSlug: string }) {
  if (!row.group) return <span className="text-fg-subtle">—</span>;
  return (
    <Link className="text-accent-fg hover:underline" href={`/o/${orgSlug}/groups/${row.group.id}`} title={row.group.title}>
      {row.group.shortId ? <span className="mr-1 font-mono text-[11px] text-fg-muted">{row.group.shortId}</span> : null}
      {row.group.title}
    </Link>
  );
}

function RowActions({ row, onOpen, onRetry, retrying }: { row: SyncEventView } & Pick<RowsProps, "onOpen" | "onRetry" | "retrying">) {
  return (
    <span className="inline-flex gap-1">
      <Button size="sm" variant="ghost" data-sync-open={row.id} aria-label={`Details of ${describeSyncEvent(row)}`} onClick={() => onOpen(row.id)}>
        Details
      </Button>
      {isRetryableSync(row) ? (
        <Button size="sm" variant="secondary" disabled={retrying} onClick={() => onRetry(row.id)}>
          Retry
        </Button>
      ) : null}
    </span>
  );
}

/** Laptop and up: a dense table. */
function SyncHistoryRowsTable({ rows, orgSlug, fresh, openEventId, onOpen, onRetry, retrying }: RowsProps & { openEventId: string | null }) {
  return (
    <Table className="hidden md:block" label="Sync history">
      <THead>
        <tr>
          <Th>When</Th>
          <Th>Outcome</Th>
          <Th>What</Th>
          <Th>Group</Th>
          <Th>Detail</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.id} data-sync-row={row.id} selected={row.id === openEventId} className={`align-top transition-colors ${fresh.has(row.id) ? "bg-accent-soft" : ""}`}>
            <Td className="text-xs whitespace-nowrap text-fg-muted">
              <time dateTime={row.createdAt} title={exactTime(row.createdAt)}>
                {shortDateTime(row.createdAt)}
              </time>
            </Td>
            <Td>
              <OutcomeBadges row={row} />
            </Td>
            <Td className="text-fg">
              {describeSyncEvent(row)}
              {row.durationMs !== null ? <span className="text-xs text-fg-subtle"> · {row.durationMs} ms</span> : null}
            </Td>
            <Td>
              <span className="block max-w-64 truncate">
                <GroupLink row={row} orgSlug={orgSlug} />
              </span>
            </Td>
            <Td className="max-w-72 text-xs break-words text-fg-muted">{row.error ?? row.reason ?? ""}</Td>
            <Td className="text-right whitespace-nowrap">
              <RowActions row={row} onOpen={onOpen} onRetry={onRetry} retrying={retrying} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** Phones: one card per row. */
function SyncHistoryCards({ rows, orgSlug, fresh, onOpen, onRetry, retrying }: RowsProps) {
  return (
    <ul aria-label="Sync history" className="divide-y divide-line rounded-lg border border-line bg-surface md:hidden">
      {rows.map((row) => (
        <li key={row.id} data-sync-row={row.id} className={`space-y-1.5 px-3 py-3 text-sm ${fresh.has(row.id) ? "bg-accent-soft" : ""}`}>
          <div className="flex items-center justify-between gap-2">
            <OutcomeBadges row={row} />
            <time className="text-xs text-fg-muted" dateTime={row.createdAt} title={exactTime(row.createdAt)}>
              {shortDateTime(row.createdAt)}
            </time>
          </div>
          <p className="text-fg">{describeSyncEvent(row)}</p>
          {row.group ? (
            <p className="truncate">
              <GroupLink row={row} orgSlug={orgSlug} />
            </p>
          ) : null}
          {row.error ?? row.reason ? <p className="text-xs break-words text-fg-muted">{row.error ?? row.reason}</p> : null}
          <div className="flex justify-end">
            <RowActions row={row} onOpen={onOpen} onRetry={onRetry} retrying={retrying} />
          </div>
        </li>
      ))}
    </ul>
  );
}
