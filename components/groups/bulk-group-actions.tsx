"use client";

import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import type { AssigneeOption } from "./group-actions";
import { ARCHIVE, RESOLVE, UNRESOLVE, type GroupsChange, type GroupsUpdate } from "./groups-update";

const ACTIONS: { label: string; key: string; change: GroupsChange }[] = [
  { label: "Resolve", key: "r", change: RESOLVE },
  { label: "Unresolve", key: "", change: UNRESOLVE },
  { label: "Archive until escalating", key: "e", change: ARCHIVE },
];

/** The bar above the list when groups are selected: resolve, unresolve, archive or assign them all. */
export function BulkGroupActions({ selected, update, assigneeOptions, onClear }: { selected: string[]; update: GroupsUpdate; assigneeOptions: AssigneeOption[]; onClear: () => void }) {
  const apply = (change: GroupsChange) => update.mutate({ ids: selected, change });
  return (
    <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-accent/30 bg-accent-soft px-3 py-2 text-sm">
      <span className="font-medium text-accent-fg">{selected.length} selected</span>
      {ACTIONS.map((action) => (
        <Button key={action.label} size="sm" disabled={update.isPending} onClick={() => apply(action.change)} aria-keyshortcuts={action.key || undefined}>
          {action.label}
        </Button>
      ))}
      <Select aria-label="Assign selected groups" aria-keyshortcuts="a" className="py-1 text-xs" value="" disabled={update.isPending} onChange={(e) => apply({ assignedTo: e.target.value === "none" ? null : e.target.value })}>
        <option value="">Assign to…</option>
        <option value="none">Nobody (unassign)</option>
        {assigneeOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      <Button variant="ghost" size="sm" className="ml-auto" onClick={onClear}>
        Clear selection
      </Button>
      {update.isPending ? (
        <span role="status" className="w-full text-xs text-fg-muted">
          Saving…
        </span>
      ) : null}
    </div>
  );
}
