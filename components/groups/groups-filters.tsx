"use client";

import { forwardRef, useEffect, useState } from "react";
import { Input, Select } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import type { GroupStatusCounts, StatusCount } from "@/lib/domain/groups/list-groups";
import type { ListGroupsQuery } from "@/lib/domain/groups/list-groups-query";
import type { ProjectOption } from "@/lib/domain/groups/list-filter-options";

/** The tabs' counts as the counts API gives them: exact up to its cap, then "1,000+". */
export type StatusCounts = GroupStatusCounts["counts"];

const STATUS_TABS: { value: ListGroupsQuery["status"]; label: string }[] = [
  { value: "unresolved", label: "Unresolved" },
  { value: "resolved", label: "Resolved" },
  { value: "ignored", label: "Archived" },
  { value: "all", label: "All" },
];

export function formatCount({ count, capped }: StatusCount): string {
  return `${count.toLocaleString("en-US")}${capped ? "+" : ""}`;
}

/** A filter change; every change starts again at the first page. */
export type FilterPatch = Partial<Omit<ListGroupsQuery, "cursor" | "page">>;

function StatusTabs({ query, counts, onChange }: { query: ListGroupsQuery; counts: StatusCounts | undefined; onChange: (patch: FilterPatch) => void }) {
  return (
    <div role="tablist" aria-label="Status" className="-mx-1 flex gap-1 overflow-x-auto border-b border-line px-1">
      {STATUS_TABS.map((tab) => {
        const active = tab.value === query.status;
        const count = counts?.[tab.value];
        return (
          <button
            key={tab.value}
            type="button"
            role="tab"
            aria-selected={active}
            // The name stays the status; the count is read as its description.
            aria-label={tab.label}
            aria-describedby={count ? `count-${tab.value}` : undefined}
            onClick={() => onChange({ status: tab.value })}
            className={`-mb-px flex shrink-0 items-center gap-1.5 border-b-2 px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-accent ${active ? "border-accent font-medium text-fg" : "border-transparent text-fg-muted hover:text-fg"}`}
          >
            {tab.label}
            {/* The count's place is held while it loads, so the tabs do not shift. */}
            <span className="inline-flex min-w-8 justify-center">
              {count ? (
                <span id={`count-${tab.value}`} data-testid={`count-${tab.value}`} title={`${formatCount(count)} groups`} className={`rounded-full px-1.5 text-[11px] tabular-nums ${active ? "bg-accent-soft text-accent-fg" : "bg-surface-muted text-fg-muted"}`}>
                  {formatCount(count)}
                </span>
              ) : (
                <Skeleton className="h-4 w-8 rounded-full" />
              )}
            </span>
          </button>
        );
      })}
    </div>
  );
}

/** Status tabs with counts, the search box, and the project, level, Jira link, assignee and sort filters: every change goes to the URL. */
export const GroupsFilters = forwardRef<HTMLInputElement, { query: ListGroupsQuery; counts: StatusCounts | undefined; projects: ProjectOption[]; onChange: (patch: FilterPatch) => void }>(function GroupsFilters(
  { query, counts, projects, onChange },
  searchRef,
) {
  const [text, setText] = useState(query.query ?? "");
  const [typedFor, setTypedFor] = useState(query.query ?? "");
  // The URL changed under us (back button, "clear filters"): show what it says.
  if ((query.query ?? "") !== typedFor) {
    setTypedFor(query.query ?? "");
    setText(query.query ?? "");
  }
  useEffect(() => {
    if (text.trim() === (query.query ?? "")) return;
    const timer = setTimeout(() => {
      setTypedFor(text.trim());
      onChange({ query: text.trim() || undefined });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, query.query, onChange]);

  const select = "w-full py-1 sm:w-auto";
  return (
    <div className="space-y-3">
      <StatusTabs query={query} counts={counts} onChange={onChange} />
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-center">
        <Input
          ref={searchRef}
          type="search"
          aria-label="Search groups"
          aria-keyshortcuts="/"
          placeholder="Search title, culprit or short id…  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Esc leaves the search box, so the triage keys work again.
            if (e.key === "Escape") e.currentTarget.blur();
          }}
          className="col-span-2 py-1 sm:min-w-48 sm:flex-1"
        />
        <Select aria-label="Project" className={select} value={query.project ?? ""} onChange={(e) => onChange({ project: e.target.value || undefined })}>
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.slug}>
              {p.name}
            </option>
          ))}
        </Select>
        <Select aria-label="Level" className={select} value={query.level ?? ""} onChange={(e) => onChange({ level: (e.target.value || undefined) as ListGroupsQuery["level"] })}>
          <option value="">All levels</option>
          <option value="fatal">Fatal</option>
          <option value="error">Error</option>
          <option value="warning">Warning</option>
          <option value="info">Info</option>
          <option value="debug">Debug</option>
        </Select>
        <Select aria-label="Jira link" className={select} value={query.linked} onChange={(e) => onChange({ linked: e.target.value as ListGroupsQuery["linked"] })}>
          <option value="any">Linked or not</option>
          <option value="linked">Linked to Jira</option>
          <option value="unlinked">Not linked to Jira</option>
        </Select>
        <Select aria-label="Assigned" className={select} value={query.assigned} onChange={(e) => onChange({ assigned: e.target.value as ListGroupsQuery["assigned"] })}>
          <option value="anyone">Assigned to anyone</option>
          <option value="me">Assigned to me</option>
          <option value="unassigned">Unassigned</option>
        </Select>
        <Select aria-label="Sort by" className={`${select} col-span-2`} value={query.sort} onChange={(e) => onChange({ sort: e.target.value as ListGroupsQuery["sort"] })}>
          <option value="last_seen">Sort: last seen</option>
          <option value="first_seen">Sort: first seen</option>
          <option value="events">Sort: events</option>
          <option value="users">Sort: users affected</option>
        </Select>
      </div>
    </div>
  );
});
