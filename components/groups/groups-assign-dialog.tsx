"use client";

import { useState } from "react";
import { Input } from "@/components/ui/field";
import type { AssigneeOption } from "./group-actions";

const NOBODY: AssigneeOption = { value: "none", label: "Nobody (unassign)" };

/**
 * The assign picker the "a" key opens: type to narrow the people and teams, Enter or a click
 * assigns. Rendered inside a Dialog, so it mounts fresh (empty filter) each time.
 */
export function GroupsAssignPicker({ count, assigneeOptions, onAssign }: { count: number; assigneeOptions: AssigneeOption[]; onAssign: (assignedTo: string | null) => void }) {
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState(0);
  const needle = filter.trim().toLowerCase();
  const options = [NOBODY, ...assigneeOptions].filter((o) => !needle || o.label.toLowerCase().includes(needle));
  const choose = (option: AssigneeOption | undefined) => {
    if (option) onAssign(option.value === NOBODY.value ? null : option.value);
  };
  const current = Math.min(active, Math.max(0, options.length - 1));
  return (
    <div className="space-y-2">
      <p className="text-xs text-fg-muted">
        Assign {count} {count === 1 ? "group" : "groups"} to:
      </p>
      <Input
        autoFocus
        aria-label="Find a person or team"
        placeholder="Type a name or #team…"
        className="w-full"
        value={filter}
        role="combobox"
        aria-expanded="true"
        aria-controls="assign-options"
        aria-activedescendant={options[current] ? `assign-option-${current}` : undefined}
        onChange={(e) => {
          setFilter(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive(Math.min(current + 1, options.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive(Math.max(current - 1, 0));
          } else if (e.key === "Enter") {
            e.preventDefault();
            choose(options[current]);
          }
        }}
      />
      <ul id="assign-options" role="listbox" aria-label="People and teams" className="max-h-64 overflow-y-auto rounded-md border border-line">
        {options.length === 0 ? <li className="px-3 py-2 text-sm text-fg-subtle">Nobody matches “{filter}”.</li> : null}
        {options.map((option, i) => (
          <li
            key={option.value}
            id={`assign-option-${i}`}
            role="option"
            aria-selected={i === current}
            className={`cursor-pointer px-3 py-1.5 text-sm ${i === current ? "bg-accent-soft text-accent-fg" : "text-fg hover:bg-surface-muted"}`}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(option)}
          >
            {option.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
