import { randomUUID } from "node:crypto";
import type { Tx } from "./group-change";
import { teamMemberUserIds, type AssigneeRef } from "./assignee-rules";

/**
 * The assignee follows the group; an existing subscription (any reason) is kept as it is.
 * ON CONFLICT DO NOTHING does that in one statement, where an upsert reads first and re-reads after.
 */
export async function subscribeAssignee(tx: Tx, groupId: string, assignee: AssigneeRef): Promise<void> {
  const id = randomUUID();
  // createdAt from here, as Prisma writes it: the column default would follow the server's time zone.
  const at = new Date();
  if (assignee.type === "user") {
    await tx.$executeRaw`
      INSERT INTO "GroupSubscription" (id, "groupId", "userId", reason, "createdAt") VALUES (${id}, ${groupId}, ${assignee.id}, 'assigned', ${at})
      ON CONFLICT ("groupId", "userId") DO NOTHING`;
  } else {
    await tx.$executeRaw`
      INSERT INTO "GroupSubscription" (id, "groupId", "teamId", reason, "createdAt") VALUES (${id}, ${groupId}, ${assignee.id}, 'assigned', ${at})
      ON CONFLICT ("groupId", "teamId") DO NOTHING`;
  }
}

/**
 * Drops the subscriptions the previous assignee got only for being assigned. A previous team takes
 * its members' "assigned" subscriptions with it, except the new assignee's; a previous user keeps
 * theirs when the new assignee is a team they belong to.
 */
export async function unsubscribePreviousAssignee(tx: Tx, groupId: string, previous: AssigneeRef, next: AssigneeRef | null): Promise<void> {
  if (previous.type === "team") {
    await tx.groupSubscription.deleteMany({ where: { groupId, teamId: previous.id, reason: "assigned" } });
    const members = await teamMemberUserIds(tx, previous.id);
    const keep = next?.type === "user" ? next.id : null;
    const drop = members.filter((id) => id !== keep);
    if (drop.length) await tx.groupSubscription.deleteMany({ where: { groupId, userId: { in: drop }, reason: "assigned" } });
    return;
  }
  if (next?.type === "team" && (await teamMemberUserIds(tx, next.id)).includes(previous.id)) return;
  await tx.groupSubscription.deleteMany({ where: { groupId, userId: previous.id, reason: "assigned" } });
}
