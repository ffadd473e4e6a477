import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findProject, findTeam } from "./lookups";
import { parseInput } from "./parse-input";
import { idSchema, slugOrIdSchema } from "./schemas";

export const addProjectTeamSchema = z.object({
  organizationId: idSchema,
  project: slugOrIdSchema,
  team: slugOrIdSchema,
});
export type AddProjectTeamInput = z.input<typeof addProjectTeamSchema>;

/** Gives a team access to a project (its members become the project's members); idempotent. */
export async function addProjectTeam(db: Db, input: AddProjectTeamInput) {
  const data = parseInput(addProjectTeamSchema, input);
  return db.$transaction(async (tx) => {
    const project = await findProject(tx, data.organizationId, data.project);
    const team = await findTeam(tx, data.organizationId, data.team);
    const where = { projectId_teamId: { projectId: project.id, teamId: team.id } };
    const existing = await tx.projectTeam.findUnique({ where });
    if (existing) return { project, team, changed: false };
    await tx.projectTeam.create({ data: { projectId: project.id, teamId: team.id } });
    return { project, team, changed: true };
  });
}
