import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { badRequest, conflict } from "@/lib/errors";
import { slugSchema, slugify } from "@/lib/domain/slug";
import { findOrganization } from "./lookups";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { parseInput } from "./parse-input";
import { displayNameSchema, idSchema } from "./schemas";

export const createTeamSchema = z.object({
  organizationId: idSchema,
  name: displayNameSchema,
  slug: slugSchema.optional(),
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;

/** Creates a team; its slug is what assignees and ownership rules name it by (#backend), so it must be unique. */
export async function createTeam(db: Db, input: CreateTeamInput) {
  const data = parseInput(createTeamSchema, input);
  const slug = data.slug ?? slugify(data.name);
  if (!slug) throw badRequest("The name has no letter or digit to make a slug from; give a slug", { fields: { slug: ["Required"] } });
  const taken = () => conflict(`This organization already has a team '${slug}'`, { fields: { slug: ["Already taken"] } });
  try {
    return await db.$transaction(async (tx) => {
      const organization = await findOrganization(tx, { id: data.organizationId });
      const existing = await tx.team.findUnique({ where: { organizationId_slug: { organizationId: organization.id, slug } } });
      if (existing) throw taken();
      return tx.team.create({ data: { organizationId: organization.id, name: data.name, slug } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
