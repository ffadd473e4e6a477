import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { badRequest, conflict } from "@/lib/errors";
import { slugSchema, slugify } from "@/lib/domain/slug";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { parseInput } from "./parse-input";
import { displayNameSchema } from "./schemas";

export const createOrganizationSchema = z.object({
  name: displayNameSchema,
  slug: slugSchema.optional(),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;

function slugTaken(slug: string) {
  return conflict(`The organization slug '${slug}' is already taken; choose another slug`, { fields: { slug: ["Already taken"] } });
}

/**
 * Creates an organization. Its slug is part of every URL and API path, so a taken slug is an
 * error to resolve by hand rather than something to suffix silently.
 */
export async function createOrganization(db: Db, input: CreateOrganizationInput) {
  const data = parseInput(createOrganizationSchema, input);
  const slug = data.slug ?? slugify(data.name);
  if (!slug) throw badRequest("The name has no letter or digit to make a slug from; give a slug", { fields: { slug: ["Required"] } });
  if (await db.organization.findUnique({ where: { slug }, select: { id: true } })) throw slugTaken(slug);
  try {
    return await db.organization.create({ data: { name: data.name, slug } });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(slug);
    throw error;
  }
}
