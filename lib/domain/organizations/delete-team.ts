import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findTeam } from "./lookups";
import { parseInput } from "./parse-input";
import { idSchema, slugOrIdSchema } from "./schemas";

export const deleteTeamSchema = z.object({ organizationId: idSchema, team: slugOrIdSchema });

/**
 * Deletes a team. Its memberships, project access and the groups assigned to it go with it (the
 * groups become unassigned); projects and members stay.
 */
export async function deleteTeam(db: Db, input: z.input<typeof deleteTeamSchema>) {
  const data = parseInput(deleteTeamSchema, input);
  return db.$transaction(async (tx) => {
    const team = await findTeam(tx, data.organizationId, data.team);
    const assigned = await tx.groupAssignee.count({ where: { teamId: team.id } });
    await tx.team.delete({ where: { id: team.id } });
    return { team: { id: team.id, slug: team.slug, name: team.name }, unassignedGroups: assigned };
  });
}
