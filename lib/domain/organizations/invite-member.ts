import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { emailOwner } from "./email-owner";
import { INVITE_LIFETIME_MS, hashInviteToken, invitePath, newInviteToken } from "./invite-token";
import { inviteView, inviteViewSelect, type OrganizationInviteView } from "./list-invites";
import { assertMayManageRole, type MembershipActor } from "./member-roles";
import { lockOrganization } from "./organization-lock";
import { parseInput } from "./parse-input";
import { emailSchema, idSchema, memberRoleSchema } from "./schemas";

export const inviteMemberSchema = z.object({
  organizationId: idSchema,
  email: emailSchema,
  role: memberRoleSchema.default("member"),
});

export interface CreatedInvite {
  invite: OrganizationInviteView;
  /** The only time the link's secret exists in clear. */
  token: string;
  path: string;
}

/**
 * Invites an email address with a role. Tether sends no email: the answer carries the link for the
 * inviter to pass on. An address that is already a member, or already has a pending invite, is a 409.
 */
export async function inviteMember(db: Db, input: z.input<typeof inviteMemberSchema>, actor: MembershipActor, now: Date = new Date()): Promise<CreatedInvite> {
  const data = parseInput(inviteMemberSchema, input);
  assertMayManageRole(actor, { to: data.role });
  const token = newInviteToken();
  return db.$transaction(async (tx) => {
    const organization = await lockOrganization(tx, data.organizationId);
    const owner = await emailOwner(tx, data.email);
    if (owner) {
      const member = await tx.organizationMember.findUnique({ where: { organizationId_userId: { organizationId: organization.id, userId: owner.userId } }, select: { id: true } });
      if (member) throw conflict(`${data.email} is already a member of ${organization.name}`, { fields: { email: ["Already a member"] } });
    }
    const pending = await tx.organizationInvite.findFirst({
      where: { organizationId: organization.id, email: data.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (pending) throw conflict(`${data.email} already has a pending invite; resend it for a new link`, { fields: { email: ["Already invited"] } });
    const row = await tx.organizationInvite.create({
      data: {
        organizationId: organization.id,
        email: data.email,
        role: data.role,
        tokenHash: hashInviteToken(token),
        invitedById: actor.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
      },
      select: inviteViewSelect,
    });
    return { invite: inviteView(row, now), token, path: invitePath(token) };
  });
}
