import type { Db } from "@/lib/db/client";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import { noteAssigneeChange } from "@/lib/domain/ownership/ownership-markers";
import { currentAssignee } from "./assign-group";
import { unsubscribePreviousAssignee } from "./assignment-subscriptions";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type AfterCommit, type LockedGroup, type Tx, changeEventBase } from "./group-change";

/** Removes the group's assignee; an unassigned group is left alone and gets no activity. */
export function deassignGroup(db: Db, input: ChangeInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, after) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyDeassignment(tx, after, group, input);
  });
}

export async function applyDeassignment(tx: Tx, after: AfterCommit, group: LockedGroup, input: ChangeInput): Promise<ChangeResult> {
  const previous = currentAssignee(group);
  if (!previous) return { groupId: group.id, changed: false };
  const at = new Date();
  const userId = actorUserId(input.actor);
  await tx.groupAssignee.delete({ where: { groupId: group.id } });
  await noteAssigneeChange(tx, group.id, input.source.kind);
  await unsubscribePreviousAssignee(tx, group.id, previous, null);
  await recordActivity(tx, { groupId: group.id, type: "unassigned", userId, data: { source: { ...input.source } }, at });
  await appendGroupHistory(tx, { groupId: group.id, status: "unassigned", actorUserId: userId, source: formatSource(input.source), at });
  after.outbound.push(...(await requestOutboundSync(tx, { organizationId: input.organizationId, groupId: group.id, kind: "assignee", source: input.source })));
  after.events.push({ ...changeEventBase(input, group, userId, at), type: "unassigned" });
  return { groupId: group.id, changed: true };
}
