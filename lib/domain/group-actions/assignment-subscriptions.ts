import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PendingChange, Tx } from "./group-change";
import { teamMemberUserIds, type AssigneeRef } from "./assignee-rules";

/**
 * The assignee follows the group; an existing subscription (any reason) is kept as it is
 * (ON CONFLICT DO NOTHING). Buffered with the change's other writes.
 */
export function subscribeAssignee(pending: PendingChange, groupId: string, assignee: AssigneeRef): void {
  const id = randomUUID();
  // createdAt from here, as Prisma writes it: the column default would follow the server's time zone.
  const at = new Date();
  pending.writes.add(
    assignee.type === "user"
      ? Prisma.sql`
          INSERT INTO "GroupSubscription" (id, "groupId", "userId", reason, "createdAt") VALUES (${id}, ${groupId}, ${assignee.id}, 'assigned', ${at})
          ON CONFLICT ("groupId", "userId") DO NOTHING`
      : Prisma.sql`
          INSERT INTO "GroupSubscription" (id, "groupId", "teamId", reason, "createdAt") VALUES (${id}, ${groupId}, ${assignee.id}, 'assigned', ${at})
          ON CONFLICT ("groupId", "teamId") DO NOTHING`,
  );
}

/**
 * Drops the subscriptions the previous assignee got only for being assigned. A previous team takes
 * its members' "assigned" subscriptions with it, except the new assignee's; a previous user keeps
 * theirs when the new assignee is a team they belong to. The deletes never touch the new
 * assignee's row, so they can share a batch with its subscription.
 */
export async function unsubscribePreviousAssignee(tx: Tx, pending: PendingChange, groupId: string, previous: AssigneeRef, next: AssigneeRef | null): Promise<void> {
  if (previous.type === "team") {
    const members = await teamMemberUserIds(tx, previous.id);
    const keep = next?.type === "user" ? next.id : null;
    const drop = members.filter((id) => id !== keep);
    const teamRow = Prisma.sql`"teamId" = ${previous.id}`;
    const memberRows = drop.length > 0 ? Prisma.sql` OR "userId" IN (${Prisma.join(drop)})` : Prisma.empty;
    pending.writes.add(Prisma.sql`DELETE FROM "GroupSubscription" WHERE "groupId" = ${groupId} AND reason = 'assigned' AND (${teamRow}${memberRows})`);
    return;
  }
  if (next?.type === "team" && (await teamMemberUserIds(tx, next.id)).includes(previous.id)) return;
  pending.writes.add(Prisma.sql`DELETE FROM "GroupSubscription" WHERE "groupId" = ${groupId} AND "userId" = ${previous.id} AND reason = 'assigned'`);
}
