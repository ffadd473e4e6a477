"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import type { GroupStatus, GroupSubstatus } from "@/lib/generated/prisma/enums";
import { StatusBadge } from "./badges";
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
    <div className="relative">
      <button type="button" className={button} disabled={disabled} onClick={onToggle} aria-expanded={open}>
        {label} ▾
      </button>
      {open ? (
        <ul role="menu" className="absolute z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {choices.map((choice) => (
            <li key={choice.label}>
              <button type="button" role="menuitem" className="w-full px-3 py-1.5 text-left text-sm hover:bg-slate-50" onClick={() => onChoose(choice.change)}>
                {choice.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const button = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50";

/**
 * Assign, resolve, unresolve and archive one group. The change shows at once and is rolled back
 * with the server's message when it is refused.
 */
export function GroupActions({ groupId, initial, assigneeOptions }: { groupId: string; initial: GroupActionState; assigneeOptions: AssigneeOption[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
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
    onError: (_error, _change, context) => {
      if (context) setState(context.previous);
    },
    onSuccess: () => {
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
      <label className="flex items-center gap-1.5 text-sm text-slate-600">
        Assignee
        <select
          aria-label="Assignee"
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
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
        </select>
      </label>
      {state.status === "unresolved" ? (
        <ChoiceMenu label="Resolve" choices={RESOLVE_CHOICES} open={menu === "resolve"} disabled={update.isPending} onToggle={() => setMenu(menu === "resolve" ? "none" : "resolve")} onChoose={(change) => update.mutate(change)} />
      ) : (
        <button type="button" className={button} disabled={update.isPending} onClick={() => update.mutate({ status: "unresolved" })}>
          {state.status === "resolved" ? "Unresolve" : "Mark as ongoing"}
        </button>
      )}
      {state.status !== "ignored" ? (
        <ChoiceMenu label="Archive" choices={ARCHIVE_CHOICES} open={menu === "archive"} disabled={update.isPending} onToggle={() => setMenu(menu === "archive" ? "none" : "archive")} onChoose={(change) => update.mutate(change)} />
      ) : null}
      <span className="text-xs text-slate-500" aria-live="polite">
        {update.isPending ? "Saving…" : <StatusBadge status={state.status} substatus={state.substatus} />}
      </span>
      {update.error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {update.error.message}
        </p>
      ) : null}
    </div>
  );
}
