import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { actorSchema, changeSourceSchema } from "@/lib/domain/group-actions/change-context";
import { runGroupChange } from "@/lib/domain/group-actions/group-change";
import { unassignGroupsOf } from "@/lib/domain/group-actions/unassign-departed";
import { findTeam } from "./lookups";
import { parseInput } from "./parse-input";
import { idSchema, slugOrIdSchema } from "./schemas";

export const deleteTeamSchema = z.object({ organizationId: idSchema, team: slugOrIdSchema, actor: actorSchema, source: changeSourceSchema });

/**
 * Deletes a team. The groups assigned to it are unassigned first, by whoever deletes the team, as
 * any de-assignment is (activity, history, the linked tracker told); its memberships and project
 * access go with it; projects and members stay.
 */
export async function deleteTeam(db: Db, input: z.input<typeof deleteTeamSchema>) {
  const data = parseInput(deleteTeamSchema, input);
  return runGroupChange(db, async (tx, pending) => {
    const team = await findTeam(tx, data.organizationId, data.team);
    const unassigned = await unassignGroupsOf(tx, pending, { organizationId: data.organizationId, assignee: { type: "team", id: team.id }, actor: data.actor, source: data.source });
    await tx.team.delete({ where: { id: team.id } });
    return { team: { id: team.id, slug: team.slug, name: team.name }, unassignedGroups: unassigned };
  });
}
