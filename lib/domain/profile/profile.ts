import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { displayNameSchema } from "@/lib/domain/organizations/schemas";

export interface ProfileView {
  id: string;
  name: string | null;
  email: string;
  emails: { email: string; verified: boolean; primary: boolean }[];
  /** False for people who sign in through single sign-on only. */
  hasPassword: boolean;
}

/** The signed-in user as their profile page shows them. */
export async function getProfile(db: Db, userId: string): Promise<ProfileView> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, passwordHash: true, emails: { select: { email: true, isVerified: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) throw notFound("User not found");
  const emails = user.emails.map((e) => ({ email: e.email, verified: e.isVerified, primary: e.email === user.email }));
  if (!emails.some((e) => e.primary)) emails.unshift({ email: user.email, verified: true, primary: true });
  return { id: user.id, name: user.name, email: user.email, emails: emails.sort((a, b) => Number(b.primary) - Number(a.primary)), hasPassword: user.passwordHash !== null };
}

export const updateProfileSchema = z.strictObject({ name: displayNameSchema });

/** Changes the user's display name (what assignee lists and activity show). */
export async function updateProfile(db: Db, userId: string, input: z.input<typeof updateProfileSchema>): Promise<ProfileView> {
  const data = parseInput(updateProfileSchema, input);
  const { count } = await db.user.updateMany({ where: { id: userId }, data: { name: data.name } });
  if (count === 0) throw notFound("User not found");
  return getProfile(db, userId);
}
