import type { Db } from "@/lib/db/client";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type PendingChange, type LockedGroup, type Tx, changeEventBase } from "./group-change";

/** Reopens a resolved or archived group as ongoing; an unresolved group is left alone. */
export function unresolveGroup(db: Db, input: ChangeInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyUnresolve(tx, pending, group, input);
  });
}

export async function applyUnresolve(tx: Tx, pending: PendingChange, group: LockedGroup, input: ChangeInput): Promise<ChangeResult> {
  if (group.status === "unresolved") return { groupId: group.id, changed: false };
  const at = new Date();
  const userId = actorUserId(input.actor);
  await tx.group.update({ where: { id: group.id }, data: { status: "unresolved", substatus: "ongoing", resolvedAt: null, statusDetails: {} } });
  await tx.groupResolution.deleteMany({ where: { groupId: group.id } });
  recordActivity(pending, { groupId: group.id, type: "set_unresolved", userId, data: { source: { ...input.source } }, at });
  appendGroupHistory(pending, { groupId: group.id, status: "unresolved", actorUserId: userId, source: formatSource(input.source), at });
  requestOutboundSync(pending, { organizationId: input.organizationId, groupId: group.id, kind: "status", source: input.source });
  pending.events.push({ ...changeEventBase(input, group, userId, at), type: "unresolved" });
  return { groupId: group.id, changed: true };
}
