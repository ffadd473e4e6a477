import type { AssigneeRef } from "./assignee-rules";
import type { Actor, ChangeSource } from "./change-context";
import { applyDeassignment } from "./deassign-group";
import { lockGroup, type PendingChange, type Tx } from "./group-change";

/**
 * Unassigns every group of the organization assigned to a team being deleted or a member leaving,
 * each as an ordinary de-assignment (activity, history, the tracker told), so none is left with an
 * assignee that no longer exists or no longer belongs. Flushes its trail before returning: the
 * caller deletes the assignee next, and its cascade must find nothing left to take silently.
 */
export async function unassignGroupsOf(
  tx: Tx,
  pending: PendingChange,
  input: { organizationId: string; assignee: AssigneeRef; actor: Actor; source: ChangeSource },
): Promise<number> {
  const { organizationId, assignee } = input;
  const rows = await tx.groupAssignee.findMany({
    where: { ...(assignee.type === "user" ? { userId: assignee.id } : { teamId: assignee.id }), project: { organizationId } },
    select: { groupId: true },
    // One order for every caller, so two of them locking the same groups cannot deadlock.
    orderBy: { groupId: "asc" },
  });
  let unassigned = 0;
  for (const { groupId } of rows) {
    const group = await lockGroup(tx, organizationId, groupId);
    // Read under the lock: someone may have reassigned the group since the list was read.
    const current = group.assignee;
    if (!current || (assignee.type === "user" ? current.userId : current.teamId) !== assignee.id) continue;
    if ((await applyDeassignment(tx, pending, group, { organizationId, groupId, actor: input.actor, source: input.source })).changed) unassigned += 1;
  }
  await pending.writes.flush(tx);
  return unassigned;
}
