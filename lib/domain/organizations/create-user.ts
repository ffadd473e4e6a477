import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { conflict } from "@/lib/errors";
import { upsertOrganizationMember } from "./add-organization-member";
import { emailOwner } from "./email-owner";
import { findOrganization } from "./lookups";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { parseInput } from "./parse-input";
import { displayNameSchema, emailSchema, idSchema, memberRoleSchema, passwordSchema } from "./schemas";

export const createUserSchema = z.object({
  email: emailSchema,
  // Optional: people who sign in through an identity provider have no password here.
  password: passwordSchema.optional(),
  name: displayNameSchema.optional(),
  membership: z.object({ organizationId: idSchema, role: memberRoleSchema.default("member") }).optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

function emailTaken(email: string) {
  return conflict(`A user with the email '${email}' already exists`, { fields: { email: ["Already in use"] } });
}

/** Creates a user whose primary email is verified, optionally as a member of an organization. */
export async function createUser(db: Db, input: CreateUserInput) {
  const data = parseInput(createUserSchema, input);
  // Hashing is slow on purpose; doing it before the transaction keeps the transaction short.
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      if (await emailOwner(tx, data.email)) throw emailTaken(data.email);
      const organization = data.membership ? await findOrganization(tx, { id: data.membership.organizationId }) : null;
      const user = await tx.user.create({
        data: { email: data.email, name: data.name ?? null, passwordHash, emails: { create: { email: data.email, isVerified: true } } },
      });
      const membership =
        organization && data.membership
          ? (await upsertOrganizationMember(tx, { organizationId: organization.id, userId: user.id, role: data.membership.role })).member
          : null;
      return { user, organization, membership };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(data.email);
    throw error;
  }
}
