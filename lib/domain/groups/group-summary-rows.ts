import type { Db } from "@/lib/db/client";
import type { GroupSummaryRow } from "./group-view";

/** A list row as one statement returns it: the group's own columns, then its relations flattened. */
type FlatRow = Omit<GroupSummaryRow, "project" | "assignee" | "links"> & {
  projectId: string;
  projectSlug: string;
  projectName: string;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  teamId: string | null;
  teamSlug: string | null;
  teamName: string | null;
  linked: boolean;
};

/**
 * The list rows of the given groups in one statement. `findMany` with `groupSummarySelect` sends
 * one query per relation (project, assignee, user, team, links): six round trips for a page, most
 * of the list's time once its ids come from an index.
 */
export async function groupSummaryRows(db: Db, ids: readonly string[]): Promise<GroupSummaryRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<FlatRow[]>`
    SELECT g."id", g."shortId", g."title", g."culprit", g."level"::text AS "level", g."status"::text AS "status",
      g."substatus"::text AS "substatus", g."firstSeen", g."lastSeen", g."timesSeen", g."userCount",
      p."id" AS "projectId", p."slug" AS "projectSlug", p."name" AS "projectName",
      u."id" AS "userId", u."name" AS "userName", u."email" AS "userEmail",
      t."id" AS "teamId", t."slug" AS "teamSlug", t."name" AS "teamName",
      EXISTS (SELECT 1 FROM "GroupLink" l WHERE l."groupId" = g."id") AS "linked"
    FROM "Group" g
    JOIN "Project" p ON p."id" = g."projectId"
    LEFT JOIN "GroupAssignee" a ON a."groupId" = g."id"
    LEFT JOIN "User" u ON u."id" = a."userId"
    LEFT JOIN "Team" t ON t."id" = a."teamId"
    WHERE g."id" = ANY(${[...ids]}::text[])`;
  return rows.map((row) => ({
    id: row.id,
    shortId: row.shortId,
    title: row.title,
    culprit: row.culprit,
    level: row.level,
    status: row.status,
    substatus: row.substatus,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    timesSeen: row.timesSeen,
    userCount: row.userCount,
    project: { id: row.projectId, slug: row.projectSlug, name: row.projectName },
    assignee:
      row.userId || row.teamId
        ? {
            user: row.userId && row.userEmail ? { id: row.userId, name: row.userName, email: row.userEmail } : null,
            team: row.teamId && row.teamSlug && row.teamName ? { id: row.teamId, slug: row.teamSlug, name: row.teamName } : null,
          }
        : null,
    links: row.linked ? [true] : [],
  }));
}
