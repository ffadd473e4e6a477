import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ArchiveCondition } from "./archive-group";
import { applyArchive } from "./archive-group";
import { applyAssignment } from "./assign-group";
import type { AssigneeRef } from "./assignee-rules";
import type { ChangeInput } from "./change-context";
import { applyDeassignment } from "./deassign-group";
import { lockGroup, runGroupChange } from "./group-change";
import { applyMarkOngoing } from "./mark-ongoing";
import { applyResolution, type Resolution } from "./resolve-group";
import { applyUnresolve } from "./unresolve-group";

export type StatusChange =
  | { status: "resolved"; resolution: Resolution }
  | { status: "unresolved" }
  | { status: "ongoing" }
  | { status: "ignored"; condition: ArchiveCondition };

export interface GroupChanges {
  /** A user or team, null to deassign, absent to leave alone. */
  assignee?: AssigneeRef | null;
  status?: StatusChange;
}

export interface UpdateGroupResult {
  groupId: string;
  changed: boolean;
}

/** Applies an assignment and/or a status change to one group in one transaction: both or neither. */
export function updateGroup(db: Db, input: ChangeInput & { changes: GroupChanges }): Promise<UpdateGroupResult> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    let changed = false;
    const { assignee, status } = input.changes;
    if (assignee === null) changed = (await applyDeassignment(tx, pending, group, input)).changed || changed;
    else if (assignee) changed = (await applyAssignment(tx, pending, group, { ...input, assignee })).changed || changed;
    if (status?.status === "resolved") changed = (await applyResolution(tx, pending, group, { ...input, resolution: status.resolution })).changed || changed;
    else if (status?.status === "unresolved") changed = (await applyUnresolve(tx, pending, group, input)).changed || changed;
    else if (status?.status === "ongoing") changed = (await applyMarkOngoing(tx, pending, group, input)).changed || changed;
    else if (status?.status === "ignored") changed = (await applyArchive(tx, pending, group, { ...input, condition: status.condition })).changed || changed;
    return { groupId: group.id, changed };
  });
}

export type BulkGroupResult =
  | { groupId: string; ok: true; changed: boolean }
  | { groupId: string; ok: false; error: { status: number; code: string; message: string } };

/**
 * The same change for many groups, one transaction per group so one bad group does not block the
 * others; each group reports its own outcome. Groups run one after the other: their order is the
 * order of their trails.
 */
export async function bulkUpdateGroups(
  db: Db,
  input: Omit<ChangeInput, "groupId"> & { groupIds: readonly string[]; changes: GroupChanges },
): Promise<BulkGroupResult[]> {
  const results: BulkGroupResult[] = [];
  for (const groupId of new Set(input.groupIds)) {
    try {
      const { changed } = await updateGroup(db, { ...input, groupId });
      results.push({ groupId, ok: true, changed });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ groupId, ok: false, error: { status: error.status, code: error.code, message: error.message } });
    }
  }
  return results;
}
