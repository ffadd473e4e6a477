import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { findOrganization, findUser } from "./lookups";
import { parseInput } from "./parse-input";
import { idSchema, memberRoleSchema, userRefSchema } from "./schemas";

export const addOrganizationMemberSchema = z.object({
  organizationId: idSchema,
  user: userRefSchema,
  role: memberRoleSchema.default("member"),
});
export type AddOrganizationMemberInput = z.input<typeof addOrganizationMemberSchema>;

/** Within a caller's transaction: makes the user a member, or gives an existing member the role. */
export async function upsertOrganizationMember(
  tx: Prisma.TransactionClient,
  input: { organizationId: string; userId: string; role: z.infer<typeof memberRoleSchema> },
) {
  const existing = await tx.organizationMember.findUnique({
    where: { organizationId_userId: { organizationId: input.organizationId, userId: input.userId } },
  });
  if (existing) {
    if (existing.role === input.role) return { member: existing, changed: false };
    return { member: await tx.organizationMember.update({ where: { id: existing.id }, data: { role: input.role } }), changed: true };
  }
  return { member: await tx.organizationMember.create({ data: input }), changed: true };
}

/** Adds a user to an organization with a role (or changes the role of a member). */
export async function addOrganizationMember(db: Db, input: AddOrganizationMemberInput) {
  const data = parseInput(addOrganizationMemberSchema, input);
  return db.$transaction(async (tx) => {
    const organization = await findOrganization(tx, { id: data.organizationId });
    const user = await findUser(tx, data.user);
    const { member, changed } = await upsertOrganizationMember(tx, { organizationId: organization.id, userId: user.id, role: data.role });
    return { member, user, organization, changed };
  });
}
