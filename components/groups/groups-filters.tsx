"use client";

import { useEffect, useState } from "react";
import type { ListGroupsQuery } from "@/lib/domain/groups/list-groups-query";
import type { ProjectOption } from "@/lib/domain/groups/list-filter-options";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800 focus:border-indigo-500 focus:outline-none";

const STATUS_TABS: { value: ListGroupsQuery["status"]; label: string }[] = [
  { value: "unresolved", label: "Unresolved" },
  { value: "resolved", label: "Resolved" },
  { value: "ignored", label: "Archived" },
  { value: "all", label: "All" },
];

/** Status tabs, search box, project, assignee and sort: every change goes to the URL. */
export function GroupsFilters({
  query,
  projects,
  onChange,
}: {
  query: ListGroupsQuery;
  projects: ProjectOption[];
  onChange: (patch: Partial<ListGroupsQuery>) => void;
}) {
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
      onChange({ query: text.trim() || undefined, page: 1 });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, query.query, onChange]);

  return (
    <div className="space-y-3">
      <div role="tablist" aria-label="Status" className="flex gap-1 border-b border-slate-200">
        {STATUS_TABS.map((tab) => {
          const active = tab.value === query.status;
          return (
            <button
              key={tab.value}
              type="button"
              role="tab"
              aria-selected={active}
              onClick={() => onChange({ status: tab.value, page: 1 })}
              className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${active ? "border-indigo-600 font-medium text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          aria-label="Search groups"
          placeholder="Search title, culprit or short id…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="min-w-64 flex-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none"
        />
        <select aria-label="Project" className={select} value={query.project ?? ""} onChange={(e) => onChange({ project: e.target.value || undefined, page: 1 })}>
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
        <select aria-label="Assigned" className={select} value={query.assigned} onChange={(e) => onChange({ assigned: e.target.value as ListGroupsQuery["assigned"], page: 1 })}>
          <option value="anyone">Assigned to anyone</option>
          <option value="me">Assigned to me</option>
          <option value="unassigned">Unassigned</option>
        </select>
        <select aria-label="Sort by" className={select} value={query.sort} onChange={(e) => onChange({ sort: e.target.value as ListGroupsQuery["sort"], page: 1 })}>
          <option value="last_seen">Last seen</option>
          <option value="first_seen">First seen</option>
          <option value="events">Events</option>
        </select>
      </div>
    </div>
  );
}
