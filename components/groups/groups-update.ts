"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/components/api-request";
import { useToast } from "@/components/ui/toast";
import type { GroupListPage } from "@/lib/domain/groups/list-groups";
import { expectedStatus } from "./expected-status";
import type { AssigneeOption } from "./group-actions";
import { changeVerb, describeChange, groupCount, type GroupsChange } from "./groups-change-text";

export { ARCHIVE, RESOLVE, UNRESOLVE, type GroupsChange } from "./groups-change-text";

interface BulkResult {
  results: { id: string; ok: boolean; changed?: boolean; error?: { message: string } }[];
}

/** Shows the change on the chosen rows at once; the server's answer (or a rollback) follows. */
function applyOptimistically(page: GroupListPage, ids: ReadonlySet<string>, change: GroupsChange, options: AssigneeOption[]): GroupListPage {
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

/**
 * One change (resolve, archive, assign…) for several groups of the list through the bulk API,
 * shown at once, confirmed or explained in a toast, and followed by a refresh of the list and
 * its tab counts.
 */
export function useGroupsUpdate({ orgSlug, queryKey, assigneeOptions, onSaved }: { orgSlug: string; queryKey: readonly unknown[]; assigneeOptions: AssigneeOption[]; onSaved?: (ids: string[]) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ ids, change }: { ids: string[]; change: GroupsChange }) => {
      const params = new URLSearchParams(ids.map((id) => ["id", id]));
      return apiRequest<BulkResult>(`/api/v1/organizations/${orgSlug}/groups?${params.toString()}`, { method: "PUT", body: change });
    },
    onMutate: async ({ ids, change }) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<GroupListPage>(queryKey);
      if (previous) queryClient.setQueryData(queryKey, applyOptimistically(previous, new Set(ids), change, assigneeOptions));
      return { previous };
    },
    onError: (error, { ids, change }, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
      toast.show(`Could not ${changeVerb(change)} ${groupCount(ids.length)}: ${error.message}`, "error");
    },
    onSuccess: (result, { ids, change }) => {
      const refused = result.results.filter((r) => !r.ok);
      const done = ids.length - refused.length;
      if (refused.length === 0) {
        toast.show(describeChange(change, done, assigneeOptions));
        onSaved?.(ids);
      } else {
        toast.show(`${done > 0 ? `${describeChange(change, done, assigneeOptions)}; ` : ""}${refused.length} of ${ids.length} could not be changed: ${refused[0].error?.message ?? "refused"}`, "error");
      }
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["groups", orgSlug] }),
  });
}

export type GroupsUpdate = ReturnType<typeof useGroupsUpdate>;
