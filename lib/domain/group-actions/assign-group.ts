import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { resolveAssignee, type AssigneeRef, type ResolvedAssignee } from "./assignee-rules";
import { noteAssigneeChange } from "@/lib/domain/ownership/ownership-markers";
import { subscribeAssignee, unsubscribePreviousAssignee } from "./assignment-subscriptions";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type PendingChange, type LockedGroup, type Tx, changeEventBase } from "./group-change";

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
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyAssignment(tx, pending, group, input);
  });
}

/**
 * The assignment itself, for callers that already hold the group's lock (bulk updates). A caller
 * that has already checked the assignee against the group's project (an inbound sync matched the
 * user by email and team reach) passes it as `checked`, saving the lookup.
 */
export async function applyAssignment(
  tx: Tx,
  pending: PendingChange,
  group: LockedGroup,
  input: AssignGroupInput,
  checked?: ResolvedAssignee,
): Promise<ChangeResult> {
  const assignee = checked ?? (await resolveAssignee(tx, input.organizationId, group.projectId, input.assignee));
  const previous = currentAssignee(group);
  if (previous && previous.type === assignee.type && previous.id === assignee.id) return { groupId: group.id, changed: false };

  const at = new Date();
  const userId = actorUserId(input.actor);
  const columns = assignee.type === "user" ? { userId: assignee.id, teamId: null } : { userId: null, teamId: assignee.id };
  pending.writes.add(Prisma.sql`
    INSERT INTO "GroupAssignee" (id, "groupId", "projectId", "userId", "teamId", "createdAt")
    VALUES (${randomUUID()}, ${group.id}, ${group.projectId}, ${columns.userId}, ${columns.teamId}, ${at})
    ON CONFLICT ("groupId") DO UPDATE SET "userId" = EXCLUDED."userId", "teamId" = EXCLUDED."teamId", "createdAt" = EXCLUDED."createdAt"`);
  noteAssigneeChange(pending, group.id, input.source.kind);
  subscribeAssignee(pending, group.id, assignee);
  if (previous) await unsubscribePreviousAssignee(tx, pending, group.id, previous, assignee);
  recordActivity(pending, {
    groupId: group.id,
    type: "assigned",
    userId,
    data: { assignee: assignee.id, assigneeType: assignee.type, assigneeEmail: assignee.email, source: { ...input.source } },
    at,
  });
  appendGroupHistory(pending, { groupId: group.id, status: "assigned", actorUserId: userId, source: formatSource(input.source), at });
  // Team assignments are never pushed to a tracker: it has no equivalent of a team assignee.
  if (assignee.type === "user") {
    requestOutboundSync(pending, { organizationId: input.organizationId, groupId: group.id, kind: "assignee", source: input.source });
  }
  pending.events.push({
    ...changeEventBase(input, group, userId, at),
    type: "assigned",
    assignee: { type: assignee.type, id: assignee.id },
  });
  return { groupId: group.id, changed: true };
}
