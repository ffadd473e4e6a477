"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { FILTER_OPTIONS, hasFilters, type FilterKey, type SyncHistoryFilters } from "./sync-history-filters";

const SELECTS: { key: keyof typeof FILTER_OPTIONS; label: string; allLabel: string }[] = [
  { key: "provider", label: "Provider", allLabel: "Every provider" },
  { key: "kind", label: "Kind", allLabel: "Every kind" },
  { key: "direction", label: "Direction", allLabel: "Both directions" },
  { key: "outcome", label: "Outcome", allLabel: "Any outcome" },
];

/** The filter controls; every change goes to the URL (the caller's `onChange`). */
export function SyncHistoryFilterBar({ filters, onChange, onClear }: { filters: SyncHistoryFilters; onChange: (key: FilterKey, value: string) => void; onClear: () => void }) {
  return (
    <form
      role="search"
      aria-label="Filter the sync history"
      className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-end"
      onSubmit={(event) => event.preventDefault()}
    >
      {SELECTS.map(({ key, label, allLabel }) => (
        <label key={key} className="flex flex-col gap-1 text-xs font-medium text-fg-muted">
          {label}
          <Select aria-label={label} value={filters[key] ?? ""} onChange={(event) => onChange(key, event.target.value)}>
            <option value="">{allLabel}</option>
            {FILTER_OPTIONS[key].map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </Select>
        </label>
      ))}
      <GroupInput key={filters.group ?? ""} value={filters.group ?? ""} onChange={(value) => onChange("group", value)} />
      <label className="flex flex-col gap-1 text-xs font-medium text-fg-muted">
        From
        <Input type="date" aria-label="From" value={filters.from ?? ""} max={filters.to} onChange={(event) => onChange("from", event.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-fg-muted">
        To
        <Input type="date" aria-label="To" value={filters.to ?? ""} min={filters.from} onChange={(event) => onChange("to", event.target.value)} />
      </label>
      {hasFilters(filters) ? (
        <Button variant="ghost" className="col-span-2 sm:col-span-1" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </form>
  );
}

/** A group's id or short id, applied on Enter or when the field is left (not on every key). */
function GroupInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const apply = () => {
    if (text.trim() !== value) onChange(text.trim());
  };
  return (
    <label className="col-span-2 flex flex-col gap-1 text-xs font-medium text-fg-muted sm:col-span-1">
      Group
      <Input
        aria-label="Group"
        placeholder="API-1F or id"
        className="sm:w-36"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            apply();
          }
        }}
      />
    </label>
  );
}
