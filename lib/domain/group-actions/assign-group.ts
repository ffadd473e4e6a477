import type { Db } from "@/lib/db/client";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { resolveAssignee, type AssigneeRef } from "./assignee-rules";
import { noteAssigneeChange } from "@/lib/domain/ownership/ownership-markers";
import { subscribeAssignee, unsubscribePreviousAssignee } from "./assignment-subscriptions";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type AfterCommit, type LockedGroup, type Tx, changeEventBase } from "./group-change";

export interface AssignGroupInput extends ChangeInput {
  assignee: AssigneeRef;
}

export function currentAssignee(group: LockedGroup): AssigneeRef | null {
  const row = group.assignee;
  if (!row) return null;
  return row.userId ? { type: "user", id: row.userId } : { type: "team", id: row.teamId ?? "" };
}

/** Assigns a group to a user or a team; assigning the current assignee again changes nothing. */
export function assignGroup(db: Db, input: AssignGroupInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, after) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyAssignment(tx, after, group, input);
  });
}

/** The assignment itself, for callers that already hold the group's lock (bulk updates). */
export async function applyAssignment(
  tx: Tx,
  after: AfterCommit,
  group: LockedGroup,
  input: AssignGroupInput,
): Promise<ChangeResult> {
  const assignee = await resolveAssignee(tx, input.organizationId, group.projectId, input.assignee);
  const previous = currentAssignee(group);
  if (previous && previous.type === assignee.type && previous.id === assignee.id) return { groupId: group.id, changed: false };

  const at = new Date();
  const userId = actorUserId(input.actor);
  const columns = assignee.type === "user" ? { userId: assignee.id, teamId: null } : { userId: null, teamId: assignee.id };
  await tx.groupAssignee.upsert({
    where: { groupId: group.id },
    create: { groupId: group.id, projectId: group.projectId, ...columns, createdAt: at },
    update: { ...columns, createdAt: at },
  });
  await noteAssigneeChange(tx, group.id, input.source.kind);
  await subscribeAssignee(tx, group.id, assignee);
  if (previous) await unsubscribePreviousAssignee(tx, group.id, previous, assignee);
  await recordActivity(tx, {
    groupId: group.id,
    type: "assigned",
    userId,
    data: { assignee: assignee.id, assigneeType: assignee.type, assigneeEmail: assignee.email, source: { ...input.source } },
    at,
  });
  await appendGroupHistory(tx, { groupId: group.id, status: "assigned", actorUserId: userId, source: formatSource(input.source), at });
  // Team assignments are never pushed to a tracker: it has no equivalent of a team assignee.
  if (assignee.type === "user") {
    after.outbound.push(...(await requestOutboundSync(tx, { organizationId: input.organizationId, groupId: group.id, kind: "assignee", source: input.source })));
  }
  after.events.push({
    ...changeEventBase(input, group, userId, at),
    type: "assigned",
    assignee: { type: assignee.type, id: assignee.id },
  });
  return { groupId: group.id, changed: true };
}
