import type { StatusRequest } from "./expected-status";

// No React here: the toasts' wording is tested on its own (tests/groups-change-text.test.ts).

export type GroupsChange = StatusRequest & { assignedTo?: string | null };

export const RESOLVE: GroupsChange = { status: "resolved" };
export const UNRESOLVE: GroupsChange = { status: "unresolved" };
// Archiving from the list means Sentry's default: until the group escalates.
export const ARCHIVE: GroupsChange = { status: "ignored", substatus: "archived_until_escalating" };

export const groupCount = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "group" : "groups"}`;

/** What the toast says once a change is saved: "Resolved 3 groups", "Assigned 1 group to #backend". */
export function describeChange(change: GroupsChange, count: number, assigneeOptions: readonly { value: string; label: string }[]): string {
  if (change.assignedTo !== undefined) {
    if (change.assignedTo === null) return `Unassigned ${groupCount(count)}`;
    const who = assigneeOptions.find((o) => o.value === change.assignedTo)?.label ?? "them";
    return `Assigned ${groupCount(count)} to ${who}`;
  }
  if (change.status === "resolved") return `Resolved ${groupCount(count)}`;
  if (change.status === "unresolved") return `Unresolved ${groupCount(count)}`;
  return `Archived ${groupCount(count)}`;
}

/** The action in an error message: "Could not resolve 2 groups: …". */
export function changeVerb(change: GroupsChange): string {
  if (change.assignedTo !== undefined) return change.assignedTo === null ? "unassign" : "assign";
  return change.status === "resolved" ? "resolve" : change.status === "unresolved" ? "unresolve" : "archive";
}
