"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { GroupStatus, GroupSubstatus } from "@/lib/generated/prisma/enums";
import { GroupStatusBadge } from "./group-status-badges";
import { expectedStatus, type StatusRequest } from "./expected-status";

interface GroupActionState {
  status: GroupStatus;
  substatus: GroupSubstatus | null;
  assignedTo: string | null;
}

export interface AssigneeOption {
  value: string;
  label: string;
}

type Change = StatusRequest & { assignedTo?: string | null };

const RESOLVE_CHOICES: { label: string; change: Change }[] = [
  { label: "Resolve", change: { status: "resolved" } },
  { label: "Resolve in the next release", change: { status: "resolved", statusDetails: { inNextRelease: true } } },
  { label: "Resolve in the current release", change: { status: "resolved", statusDetails: { inCurrentRelease: true } } },
];

const ARCHIVE_CHOICES: { label: string; change: Change }[] = [
  { label: "Until it escalates", change: { status: "ignored", substatus: "archived_until_escalating" } },
  { label: "Forever", change: { status: "ignored", substatus: "archived_forever" } },
  { label: "For 1 hour", change: { status: "ignored", statusDetails: { ignoreDuration: 60 } } },
  { label: "For 24 hours", change: { status: "ignored", statusDetails: { ignoreDuration: 1440 } } },
  { label: "For 1 week", change: { status: "ignored", statusDetails: { ignoreDuration: 10080 } } },
  { label: "Until 100 more events", change: { status: "ignored", statusDetails: { ignoreCount: 100 } } },
];

function optimistic(state: GroupActionState, change: Change): GroupActionState {
  return {
    ...state,
    ...expectedStatus(change),
    assignedTo: change.assignedTo !== undefined ? change.assignedTo : state.assignedTo,
  };
}

/** A button that opens a short list of ways to do one thing (resolve now / in a release, archive until…). */
function ChoiceMenu({ label, choices, open, disabled, onToggle, onChoose }: { label: string; choices: { label: string; change: Change }[]; open: boolean; disabled: boolean; onToggle: () => void; onChoose: (change: Change) => void }) {
  return (
    // Escape closes the menu, like any menu; the button keeps the focus for the next try.
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) onToggle();
      }}
    >
      <Button size="sm" disabled={disabled} onClick={onToggle} aria-expanded={open} aria-haspopup="menu">
        {label} ▾
      </Button>
      {open ? (
        <ul role="menu" className="absolute left-0 z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-line bg-surface-raised py-1 shadow-lg">
          {choices.map((choice) => (
            <li key={choice.label}>
              <button type="button" role="menuitem" className="w-full px-3 py-1.5 text-left text-sm text-fg hover:bg-surface-muted focus-visible:bg-surface-muted focus-visible:outline-none" onClick={() => onChoose(choice.change)}>
                {choice.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Assign, resolve, unresolve and archive one group. The change shows at once and is rolled back
 * with the server's message when it is refused.
 */
export function GroupActions({ groupId, initial, assigneeOptions }: { groupId: string; initial: GroupActionState; assigneeOptions: AssigneeOption[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState(initial);
  const [serverState, setServerState] = useState(initial);
  const [menu, setMenu] = useState<"none" | "resolve" | "archive">("none");
  const update = useMutation({
    mutationFn: (change: Change) => apiRequest(`/api/v1/groups/${groupId}`, { method: "PUT", body: change }),
    onMutate: (change) => {
      const previous = state;
      setState(optimistic(state, change));
      setMenu("none");
      return { previous };
    },
    onError: (error, _change, context) => {
      if (context) setState(context.previous);
      toast.show(`Not saved: ${error.message}`, "error");
    },
    onSuccess: (_data, change) => {
      toast.show(describeChange(change, assigneeOptions));
      void queryClient.invalidateQueries({ queryKey: ["groups"] });
      void queryClient.invalidateQueries({ queryKey: ["group-activity", groupId] });
      router.refresh();
    },
  });
  // After a change the page refreshes from the server: take its state (the adjust-on-prop-change
  // pattern, so an open menu stays open), but not while a change is being saved — a refresh from
  // the previous change would otherwise hide this one until its own refresh arrives.
  if (initial.status !== serverState.status || initial.substatus !== serverState.substatus || initial.assignedTo !== serverState.assignedTo) {
    setServerState(initial);
    if (!update.isPending) setState(initial);
  }

  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Group actions">
      <label className="flex max-w-full min-w-0 items-center gap-1.5 text-sm text-fg-muted">
        Assignee
        <Select
          aria-label="Assignee"
          className="w-full max-w-[14rem] min-w-0 py-1"
          value={state.assignedTo ?? ""}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ assignedTo: e.target.value || null })}
        >
          <option value="">Unassigned</option>
          {assigneeOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </label>
      {state.status === "unresolved" ? (
        <ChoiceMenu label="Resolve" choices={RESOLVE_CHOICES} open={menu === "resolve"} disabled={update.isPending} onToggle={() => setMenu(menu === "resolve" ? "none" : "resolve")} onChoose={(change) => update.mutate(change)} />
      ) : (
        <Button size="sm" disabled={update.isPending} onClick={() => update.mutate({ status: "unresolved" })}>
          {state.status === "resolved" ? "Unresolve" : "Mark as ongoing"}
        </Button>
      )}
      {state.status !== "ignored" ? (
        <ChoiceMenu label="Archive" choices={ARCHIVE_CHOICES} open={menu === "archive"} disabled={update.isPending} onToggle={() => setMenu(menu === "archive" ? "none" : "archive")} onChoose={(change) => update.mutate(change)} />
      ) : null}
      <span className="text-xs text-fg-subtle" aria-live="polite">
        {update.isPending ? "Saving…" : <GroupStatusBadge status={state.status} substatus={state.substatus} />}
      </span>
      {update.error ? (
        <p role="alert" className="w-full text-sm text-danger">
          {update.error.message}
        </p>
      ) : null}
    </div>
  );
}

/** What the toast says once a change is saved. */
function describeChange(change: Change, assigneeOptions: AssigneeOption[]): string {
  if (change.assignedTo !== undefined) {
    if (change.assignedTo === null) return "Unassigned";
    return `Assigned to ${assigneeOptions.find((o) => o.value === change.assignedTo)?.label ?? "them"}`;
  }
  const choice = [...RESOLVE_CHOICES, ...ARCHIVE_CHOICES].find((c) => JSON.stringify(c.change) === JSON.stringify(change));
  if (change.status === "resolved") return choice && choice.label !== "Resolve" ? choice.label.replace("Resolve", "Resolved") : "Resolved";
  if (change.status === "ignored") return choice ? `Archived ${choice.label.charAt(0).toLowerCase()}${choice.label.slice(1)}` : "Archived";
  return "Marked as unresolved";
}
