import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { badRequest, conflict } from "@/lib/errors";
import { firstFreeSlug, slugSchema, slugify } from "@/lib/domain/slug";
import { findOrganization, findTeam } from "./lookups";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { parseInput } from "./parse-input";
import { insertProjectKey } from "@/lib/domain/projects/project-key";
import { displayNameSchema, idSchema, slugOrIdSchema } from "./schemas";

export const createProjectSchema = z.object({
  organizationId: idSchema,
  name: displayNameSchema,
  slug: slugSchema.optional(),
  platform: z.string().trim().min(1).max(64).optional(),
  teams: z.array(slugOrIdSchema).max(50).default([]),
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

/**
 * Creates a project. A slug made from the name gets -2, -3, … when taken (two "API" projects are
 * normal); a slug given explicitly is what the caller wants, so a taken one is an error. The project
 * starts with one active client key.
 */
export async function createProject(db: Db, input: CreateProjectInput) {
  const data = parseInput(createProjectSchema, input);
  const base = data.slug ?? slugify(data.name);
  if (!base) throw badRequest("The name has no letter or digit to make a slug from; give a slug", { fields: { slug: ["Required"] } });
  try {
    return await db.$transaction(async (tx) => {
      const organization = await findOrganization(tx, { id: data.organizationId });
      const teams = [];
      for (const ref of new Set(data.teams)) teams.push(await findTeam(tx, organization.id, ref));
      let slug = base;
      if (data.slug) {
        const existing = await tx.project.findUnique({ where: { organizationId_slug: { organizationId: organization.id, slug } } });
        if (existing) throw conflict(`This organization already has a project '${slug}'`, { fields: { slug: ["Already taken"] } });
      } else {
        const similar = await tx.project.findMany({ where: { organizationId: organization.id, slug: { startsWith: base.slice(0, 40) } }, select: { slug: true } });
        slug = firstFreeSlug(base, new Set(similar.map((p) => p.slug)));
      }
      const project = await tx.project.create({
        data: {
          organizationId: organization.id,
          name: data.name,
          slug,
          platform: data.platform ?? null,
          teams: { create: teams.map((team) => ({ teamId: team.id })) },
        },
      });
      // A project without a key has no DSN; SDKs could not report to it.
      const key = await insertProjectKey(tx, project.id);
      return { project, teams, key };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Another project took this slug at the same moment; try again");
    throw error;
  }
}
