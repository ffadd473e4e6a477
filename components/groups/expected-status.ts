import type { GroupStatus, GroupSubstatus } from "@/lib/generated/prisma/enums";

/** The status part of a group update request (PUT /api/v1/groups/{id}), as the controls send it. */
export interface StatusRequest {
  status?: GroupStatus;
  substatus?: string | null;
  statusDetails?: Record<string, unknown>;
}

/**
 * The status and stored substatus the server will give the group, so a change can show before it
 * answers. Mirrors the archive conditions: until escalating, for a duration or count (until a
 * condition is met), or forever when nothing else is said.
 */
export function expectedStatus(change: StatusRequest): { status: GroupStatus; substatus: GroupSubstatus | null } | null {
  if (change.status === "resolved") return { status: "resolved", substatus: null };
  if (change.status === "unresolved") return { status: "unresolved", substatus: "ongoing" };
  if (change.status !== "ignored") return null;
  const details = change.statusDetails ?? {};
  if (change.substatus === "archived_until_escalating" || details.ignoreUntilEscalating) return { status: "ignored", substatus: "until_escalating" };
  if (details.ignoreDuration !== undefined || details.ignoreCount !== undefined) return { status: "ignored", substatus: "until_condition_met" };
  return { status: "ignored", substatus: "forever" };
}
