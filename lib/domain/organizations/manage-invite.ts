import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/errors";
import { INVITE_LIFETIME_MS, hashInviteToken, invitePath, newInviteToken } from "./invite-token";
import type { CreatedInvite } from "./invite-member";
import { inviteView, inviteViewSelect } from "./list-invites";
import { assertMayManageRole, type MembershipActor } from "./member-roles";
import { parseInput } from "./parse-input";
import { idSchema } from "./schemas";

export const inviteRefSchema = z.object({ organizationId: idSchema, inviteId: idSchema });
type InviteRef = z.input<typeof inviteRefSchema>;

async function settledInvite(db: Db, ref: { organizationId: string; inviteId: string }) {
  const row = await db.organizationInvite.findFirst({ where: { id: ref.inviteId, organizationId: ref.organizationId }, select: { acceptedAt: true, revokedAt: true, email: true, role: true } });
  if (!row) throw notFound("Invite not found");
  return row;
}

/**
 * A new link for a pending (or expired) invite, working for another week; the old link stops
 * working at once.
 */
export async function resendInvite(db: Db, input: InviteRef, actor: MembershipActor, now: Date = new Date()): Promise<CreatedInvite> {
  const ref = parseInput(inviteRefSchema, input);
  const current = await settledInvite(db, ref);
  if (current.acceptedAt) throw conflict(`${current.email} has already accepted this invite`);
  if (current.revokedAt) throw conflict("This invite was revoked; invite the address again");
  assertMayManageRole(actor, { to: current.role });
  const token = newInviteToken();
  const { count } = await db.organizationInvite.updateMany({
    where: { id: ref.inviteId, organizationId: ref.organizationId, acceptedAt: null, revokedAt: null },
    data: { tokenHash: hashInviteToken(token), expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS), createdAt: now },
  });
  if (count === 0) throw conflict("The invite was accepted or revoked at the same moment; reload the page");
  const row = await db.organizationInvite.findUniqueOrThrow({ where: { id: ref.inviteId }, select: inviteViewSelect });
  return { invite: inviteView(row, now), token, path: invitePath(token) };
}

/**
 * Revokes a pending invite: its link stops working. Revoking twice is harmless; an accepted one is a
 * 409. Only an owner revokes an invite for the owner role, as only an owner issues or resends one.
 */
export async function revokeInvite(db: Db, input: InviteRef, actor: MembershipActor, now: Date = new Date()): Promise<void> {
  const ref = parseInput(inviteRefSchema, input);
  const current = await settledInvite(db, ref);
  // The role never changes after the invite is made, so checking it before the update is safe.
  assertMayManageRole(actor, { to: current.role });
  const { count } = await db.organizationInvite.updateMany({
    where: { id: ref.inviteId, organizationId: ref.organizationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count > 0) return;
  const settled = await settledInvite(db, ref);
  if (settled.acceptedAt) throw conflict(`${settled.email} has already accepted this invite; remove the member instead`);
}
