import type { Db } from "@/lib/db/client";
import { applyAssignment } from "@/lib/domain/group-actions/assign-group";
import { SYSTEM_ACTOR } from "@/lib/domain/group-actions/change-context";
import { lockGroup, runGroupChange } from "@/lib/domain/group-actions/group-change";
import type { AssigneeRef } from "@/lib/domain/group-actions/assignee-rules";
import { manualKey } from "./ownership-markers";

export type RuleAssignment = { assigned: true } | { assigned: false; reason: "manually assigned" | "already assigned" };

/**
 * Assigns a rule's owner only if, holding the group's lock, the group still has no assignee and
 * no person decided on it. The checks before (cache, markers) are read outside any lock and can
 * be stale — another instance's cache, or an assignment committed meanwhile — so the database
 * decides here: every assignee change takes this same lock, so none can slip in between.
 */
export function assignGroupByRule(db: Db, input: { organizationId: string; groupId: string; assignee: AssigneeRef }): Promise<RuleAssignment> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    if (group.assignee) return { assigned: false, reason: "already assigned" };
    if (await tx.keyValueMarker.findUnique({ where: { key: manualKey(group.id) }, select: { key: true } })) return { assigned: false, reason: "manually assigned" };
    await applyAssignment(tx, pending, group, { ...input, actor: SYSTEM_ACTOR, source: { kind: "rule" } });
    return { assigned: true };
  });
}
