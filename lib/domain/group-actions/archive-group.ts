import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { GroupHistoryStatus, GroupSubstatus } from "@/lib/generated/prisma/client";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type PendingChange, type LockedGroup, type Tx, changeEventBase } from "./group-change";

/** How long a group stays archived: until it escalates, forever, for a while, or until it is seen N more times. */
export const archiveConditionSchema = z.discriminatedUnion("until", [
  z.object({ until: z.literal("escalating") }),
  z.object({ until: z.literal("forever") }),
  z.object({ until: z.literal("duration"), minutes: z.int().min(1).max(525_600) }),
  z.object({ until: z.literal("count"), count: z.int().min(1).max(1_000_000), windowMinutes: z.int().min(1).max(525_600).optional() }),
]);
export type ArchiveCondition = z.infer<typeof archiveConditionSchema>;

export interface ArchiveGroupInput extends ChangeInput {
  condition: ArchiveCondition;
}

function describe(condition: ArchiveCondition, at: Date): { substatus: GroupSubstatus; history: GroupHistoryStatus; details: Record<string, string | number | boolean> } {
  switch (condition.until) {
    case "escalating":
      return { substatus: "until_escalating", history: "archived_until_escalating", details: { ignoreUntilEscalating: true } };
    case "forever":
      return { substatus: "forever", history: "archived_forever", details: {} };
    case "duration":
      return {
        substatus: "until_condition_met",
        history: "archived_until_condition_met",
        details: { ignoreDuration: condition.minutes, ignoreUntil: new Date(at.getTime() + condition.minutes * 60_000).toISOString() },
      };
    case "count":
      return {
        substatus: "until_condition_met",
        history: "archived_until_condition_met",
        details: { ignoreCount: condition.count, ...(condition.windowMinutes ? { ignoreWindow: condition.windowMinutes } : {}) },
      };
  }
}

/** Archives (ignores) a group; archiving it again with the same condition changes nothing. */
export function archiveGroup(db: Db, input: ArchiveGroupInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyArchive(tx, pending, group, input);
  });
}

export async function applyArchive(tx: Tx, pending: PendingChange, group: LockedGroup, input: ArchiveGroupInput): Promise<ChangeResult> {
  const at = new Date();
  const { substatus, history, details } = describe(input.condition, at);
  const unchanged = group.status === "ignored" && group.substatus === substatus && JSON.stringify(group.statusDetails ?? {}) === JSON.stringify(details);
  if (unchanged) return { groupId: group.id, changed: false };
  const userId = actorUserId(input.actor);
  await tx.group.update({ where: { id: group.id }, data: { status: "ignored", substatus, resolvedAt: null, statusDetails: details } });
  await tx.groupResolution.deleteMany({ where: { groupId: group.id } });
  recordActivity(pending, { groupId: group.id, type: "set_ignored", userId, data: { ...details, substatus, source: { ...input.source } }, at });
  appendGroupHistory(pending, { groupId: group.id, status: history, actorUserId: userId, source: formatSource(input.source), at });
  // Archived groups are not pushed to trackers (the reference skips status sync for ignored groups).
  pending.events.push({
    ...changeEventBase(input, group, userId, at),
    type: "archived",
    substatus,
    statusDetails: details,
  });
  return { groupId: group.id, changed: true };
}
