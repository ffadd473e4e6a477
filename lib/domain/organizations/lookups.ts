import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";

type Reader = Db | Prisma.TransactionClient;

export async function findOrganization(db: Reader, ref: { id: string } | { slug: string }) {
  const organization = await db.organization.findUnique({ where: "id" in ref ? { id: ref.id } : { slug: ref.slug } });
  if (!organization) throw notFound("id" in ref ? "Organization not found" : `No organization with slug '${ref.slug}'`);
  return organization;
}

/** A user by id, by primary email, or by any verified email address (case-insensitive). */
export async function findUser(db: Reader, ref: string) {
  const value = ref.trim();
  if (value.includes("@")) {
    const email = value.toLowerCase();
    const user =
      (await db.user.findUnique({ where: { email } })) ??
      (await db.user.findFirst({ where: { emails: { some: { email, isVerified: true } } } }));
    if (!user) throw notFound(`No user with email '${email}'`);
    return user;
  }
  const user = await db.user.findUnique({ where: { id: value } });
  if (!user) throw notFound(`No user with id '${value}'`);
  return user;
}

export async function findTeam(db: Reader, organizationId: string, ref: string) {
  const team = await db.team.findFirst({ where: { organizationId, OR: [{ slug: ref }, { id: ref }] } });
  if (!team) throw notFound(`No team '${ref}' in this organization`);
  return team;
}

export async function findProject(db: Reader, organizationId: string, ref: string) {
  const project = await db.project.findFirst({ where: { organizationId, OR: [{ slug: ref }, { id: ref }] } });
  if (!project) throw notFound(`No project '${ref}' in this organization`);
  return project;
}
