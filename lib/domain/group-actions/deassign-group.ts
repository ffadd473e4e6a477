import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import { noteAssigneeChange } from "@/lib/domain/ownership/ownership-markers";
import { currentAssignee } from "./assign-group";
import { unsubscribePreviousAssignee } from "./assignment-subscriptions";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type PendingChange, type LockedGroup, type Tx, changeEventBase } from "./group-change";

/** Removes the group's assignee; an unassigned group is left alone and gets no activity. */
export function deassignGroup(db: Db, input: ChangeInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyDeassignment(tx, pending, group, input);
  });
}

export async function applyDeassignment(tx: Tx, pending: PendingChange, group: LockedGroup, input: ChangeInput): Promise<ChangeResult> {
  const previous = currentAssignee(group);
  if (!previous) return { groupId: group.id, changed: false };
  const at = new Date();
  const userId = actorUserId(input.actor);
  pending.writes.add(Prisma.sql`DELETE FROM "GroupAssignee" WHERE "groupId" = ${group.id}`);
  noteAssigneeChange(pending, group.id, input.source.kind);
  await unsubscribePreviousAssignee(tx, pending, group.id, previous, null);
  recordActivity(pending, { groupId: group.id, type: "unassigned", userId, data: { source: { ...input.source } }, at });
  appendGroupHistory(pending, { groupId: group.id, status: "unassigned", actorUserId: userId, source: formatSource(input.source), at });
  requestOutboundSync(pending, { organizationId: input.organizationId, groupId: group.id, kind: "assignee", source: input.source });
  pending.events.push({ ...changeEventBase(input, group, userId, at), type: "unassigned" });
  return { groupId: group.id, changed: true };
}
