import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import type { Db } from "@/lib/db/client";
import type { MemberRole } from "@/lib/generated/prisma/client";

// Plain Prisma on purpose: fixtures must not depend on the domain functions under test.
const suffix = () => randomBytes(4).toString("hex");

export async function createOrganizationFixture(db: Db, options: { slug?: string; name?: string } = {}) {
  const slug = options.slug ?? `org-${suffix()}`;
  return db.organization.create({ data: { slug, name: options.name ?? slug } });
}

export async function createProjectFixture(db: Db, organizationId: string, options: { slug?: string; name?: string } = {}) {
  const slug = options.slug ?? `project-${suffix()}`;
  return db.project.create({ data: { organizationId, slug, name: options.name ?? slug } });
}

export async function createUserFixture(db: Db, options: { email?: string; isActive?: boolean } = {}) {
  const email = options.email ?? `user-${suffix()}@example.com`;
  return db.user.create({
    data: { email, name: email.split("@")[0], isActive: options.isActive ?? true, emails: { create: { email, isVerified: true } } },
  });
}

export async function createMemberFixture(db: Db, organizationId: string, options: { role?: MemberRole; email?: string } = {}) {
  const user = await createUserFixture(db, { email: options.email });
  await db.organizationMember.create({ data: { organizationId, userId: user.id, role: options.role ?? "member" } });
  return user;
}

/** The `cookie` header of a signed-in browser session for this user (NEXTAUTH_SECRET must be set). */
export async function sessionCookieFor(userId: string): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return `next-auth.session-token=${await encode({ token: { sub: userId }, secret })}`;
}
