import type { Db } from "@/lib/db/client";

/** Whether the organization has this group: one indexed lookup, for a page to answer 404 before it streams. */
export async function organizationHasGroup(db: Db, input: { organizationId: string; groupId: string }): Promise<boolean> {
  const row = await db.group.findFirst({ where: { id: input.groupId, project: { organizationId: input.organizationId } }, select: { id: true } });
  return row !== null;
}
