import type { Db } from "@/lib/db/client";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { appendGroupHistory, lockGroup, runGroupChange, type PendingChange, type LockedGroup, type Tx } from "./group-change";
import { applyUnresolve } from "./unresolve-group";

/**
 * Marks a new, regressed or escalating group as reviewed ("ongoing"). A resolved or archived
 * group is reopened, which is an unresolve with its whole trail.
 */
export function markOngoing(db: Db, input: ChangeInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyMarkOngoing(tx, pending, group, input);
  });
}

export async function applyMarkOngoing(tx: Tx, pending: PendingChange, group: LockedGroup, input: ChangeInput): Promise<ChangeResult> {
  if (group.status !== "unresolved") return applyUnresolve(tx, pending, group, input);
  if (group.substatus === "ongoing") return { groupId: group.id, changed: false };
  const at = new Date();
  await tx.group.update({ where: { id: group.id }, data: { substatus: "ongoing" } });
  appendGroupHistory(pending, { groupId: group.id, status: "ongoing", actorUserId: actorUserId(input.actor), source: formatSource(input.source), at });
  return { groupId: group.id, changed: true };
}
