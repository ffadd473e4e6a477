"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/components/api-request";
import type { GroupListPage } from "@/lib/domain/groups/list-groups";
import { expectedStatus, type StatusRequest } from "./expected-status";
import type { AssigneeOption } from "./group-actions";

type BulkChange = StatusRequest & { assignedTo?: string | null };

interface BulkResult {
  results: { id: string; ok: boolean; changed?: boolean; error?: { message: string } }[];
}

const ACTIONS: { label: string; change: BulkChange }[] = [
  { label: "Resolve", change: { status: "resolved" } },
  { label: "Unresolve", change: { status: "unresolved" } },
  { label: "Archive until escalating", change: { status: "ignored", substatus: "archived_until_escalating" } },
];

/** Shows the change on the selected rows at once; the server's answer (or a rollback) follows. */
function applyOptimistically(page: GroupListPage, ids: Set<string>, change: BulkChange, options: AssigneeOption[]): GroupListPage {
  return {
    ...page,
    groups: page.groups.map((group) => {
      if (!ids.has(group.id)) return group;
      const next = { ...group, ...expectedStatus(change) };
      if (change.assignedTo !== undefined) {
        const option = options.find((o) => o.value === change.assignedTo);
        const [type, id] = (change.assignedTo ?? ":").split(":");
        next.assignee = option ? (type === "team" ? { type: "team", id, name: option.label, email: null } : { type: "user", id, name: option.label, email: "" }) : null;
      }
      return next;
    }),
  };
}

/** The bar above the list when groups are selected: resolve, unresolve, archive or assign them all. */
export function BulkGroupActions({
  orgSlug,
  queryKey,
  selected,
  assigneeOptions,
  onDone,
}: {
  orgSlug: string;
  queryKey: readonly unknown[];
  selected: string[];
  assigneeOptions: AssigneeOption[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (change: BulkChange) => {
      const params = new URLSearchParams(selected.map((id) => ["id", id]));
      return apiRequest<BulkResult>(`/api/v1/organizations/${orgSlug}/groups?${params.toString()}`, { method: "PUT", body: change });
    },
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<GroupListPage>(queryKey);
      if (previous) queryClient.setQueryData(queryKey, applyOptimistically(previous, new Set(selected), change, assigneeOptions));
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
    },
    onSuccess: (result) => {
      if (result.results.every((r) => r.ok)) onDone();
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["groups", orgSlug] }),
  });
  const refused = update.data?.results.filter((r) => !r.ok) ?? [];
  const button = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50";
  return (
    <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm">
      <span className="font-medium text-indigo-900">{selected.length} selected</span>
      {ACTIONS.map((action) => (
        <button key={action.label} type="button" className={button} disabled={update.isPending} onClick={() => update.mutate(action.change)}>
          {action.label}
        </button>
      ))}
      <select
        aria-label="Assign selected groups"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value=""
        disabled={update.isPending}
        onChange={(e) => update.mutate({ assignedTo: e.target.value === "none" ? null : e.target.value })}
      >
        <option value="">Assign to…</option>
        <option value="none">Nobody (unassign)</option>
        {assigneeOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="button" className="ml-auto text-xs text-indigo-700 hover:underline" onClick={onDone}>
        Clear selection
      </button>
      {update.isPending ? <span className="w-full text-xs text-slate-600">Saving…</span> : null}
      {update.error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {update.error.message}
        </p>
      ) : null}
      {refused.length > 0 ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {refused.length} of {selected.length} could not be changed: {refused[0].error?.message}
        </p>
      ) : null}
    </div>
  );
}
