import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import type { MemberRole, Prisma } from "@/lib/generated/prisma/client";
import { emailOwner } from "./email-owner";
import { hashInviteToken, looksLikeInviteToken } from "./invite-token";
import { parseInput } from "./parse-input";
import { displayNameSchema, passwordSchema } from "./schemas";

type Tx = Prisma.TransactionClient;

export type InviteState = "pending" | "expired" | "revoked" | "accepted" | "invalid";

export interface OpenedInvite {
  state: InviteState;
  /** Present unless the link is invalid. */
  invite?: {
    email: string;
    role: MemberRole;
    organization: { slug: string; name: string };
    invitedBy: string | null;
    expiresAt: string;
    /** Someone already has an account with the invite's email: they sign in to accept. */
    accountExists: boolean;
  };
}

const inviteSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  organization: { select: { id: true, slug: true, name: true } },
  invitedBy: { select: { name: true, email: true } },
} as const;

function stateOf(row: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }, now: Date): InviteState {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

/** What the invite page shows for a link; never throws for a bad link (the page says what is wrong). */
export async function openInvite(db: Db, token: string, now: Date = new Date()): Promise<OpenedInvite> {
  if (!looksLikeInviteToken(token)) return { state: "invalid" };
  const row = await db.organizationInvite.findUnique({ where: { tokenHash: hashInviteToken(token) }, select: inviteSelect });
  if (!row) return { state: "invalid" };
  return {
    state: stateOf(row, now),
    invite: {
      email: row.email,
      role: row.role,
      organization: { slug: row.organization.slug, name: row.organization.name },
      invitedBy: row.invitedBy ? (row.invitedBy.name ?? row.invitedBy.email) : null,
      expiresAt: row.expiresAt.toISOString(),
      accountExists: (await emailOwner(db, row.email)) !== null,
    },
  };
}

const UNUSABLE: Record<Exclude<InviteState, "pending">, () => AppError> = {
  invalid: () => notFound("This invite link is not valid; ask an admin for a new one"),
  expired: () => new AppError(410, "invite_expired", "This invite link has expired; ask an admin to resend it"),
  revoked: () => new AppError(410, "invite_revoked", "This invite was revoked; ask an admin for a new one"),
  accepted: () => new AppError(410, "invite_used", "This invite link has already been used; sign in instead"),
};

/**
 * Refuses a link that cannot be used, without taking it. The sign-up checks this before hashing,
 * so a stranger's guessed or stale link cannot make the server hash (slow on purpose, and its
 * slots are shared with sign-in).
 */
async function assertInviteUsable(db: Db, token: string, now: Date): Promise<void> {
  if (!looksLikeInviteToken(token)) throw UNUSABLE.invalid();
  const row = await db.organizationInvite.findUnique({ where: { tokenHash: hashInviteToken(token) }, select: { expiresAt: true, acceptedAt: true, revokedAt: true } });
  if (!row) throw UNUSABLE.invalid();
  const state = stateOf(row, now);
  if (state !== "pending") throw UNUSABLE[state]();
}

/**
 * Takes the invite for this transaction: afterwards nobody else can use it. The conditional update
 * waits for a concurrent acceptance and then finds the row taken, so a link works exactly once.
 */
async function claimInvite(tx: Tx, token: string, now: Date) {
  if (!looksLikeInviteToken(token)) throw UNUSABLE.invalid();
  const row = await tx.organizationInvite.findUnique({ where: { tokenHash: hashInviteToken(token) }, select: inviteSelect });
  if (!row) throw UNUSABLE.invalid();
  const state = stateOf(row, now);
  if (state !== "pending") throw UNUSABLE[state]();
  const { count } = await tx.organizationInvite.updateMany({
    where: { id: row.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (count === 0) throw UNUSABLE.accepted();
  return row;
}

export interface AcceptedInvite {
  organization: { slug: string; name: string };
  role: MemberRole;
  /** The user was a member already; their role was kept. */
  alreadyMember: boolean;
}

/**
 * The signed-in user joins with the invite's role. The invite is for an email address: the user
 * must have it as their primary email or a verified one (403 otherwise, and the link stays usable).
 */
export async function acceptInvite(db: Db, input: { token: string; userId: string }, now: Date = new Date()): Promise<AcceptedInvite> {
  return db.$transaction(async (tx) => {
    const invite = await claimInvite(tx, input.token, now);
    const user = await tx.user.findFirst({
      where: { id: input.userId, isActive: true, OR: [{ email: invite.email }, { emails: { some: { email: invite.email, isVerified: true } } }] },
      select: { id: true },
    });
    if (!user) {
      const me = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true } });
      throw forbidden(`This invite is for ${invite.email}, and you are signed in as ${me?.email ?? "someone else"}. Sign in as ${invite.email} to accept it.`);
    }
    const where = { organizationId_userId: { organizationId: invite.organization.id, userId: user.id } };
    const existing = await tx.organizationMember.findUnique({ where, select: { role: true } });
    if (!existing) await tx.organizationMember.create({ data: { organizationId: invite.organization.id, userId: user.id, role: invite.role } });
    return { organization: { slug: invite.organization.slug, name: invite.organization.name }, role: existing?.role ?? invite.role, alreadyMember: existing !== null };
  });
}

export const inviteSignUpSchema = z.strictObject({ name: displayNameSchema, password: passwordSchema });

/**
 * A visitor without an account creates one for the invite's email and joins. The admin named the
 * address, so it counts as verified (as addresses an admin adds do). An address that already has an
 * account is a 409: that person signs in to accept.
 */
export async function acceptInviteWithNewAccount(
  db: Db,
  input: { token: string } & z.input<typeof inviteSignUpSchema>,
  now: Date = new Date(),
): Promise<AcceptedInvite & { email: string }> {
  const data = parseInput(inviteSignUpSchema, { name: input.name, password: input.password });
  await assertInviteUsable(db, input.token, now);
  // Hashing is slow on purpose; doing it before the transaction keeps it short. The claim below
  // still decides: the link may have been used or revoked while this hashed.
  const passwordHash = await hashPassword(data.password);
  const accountExists = (email: string) => conflict(`An account with ${email} already exists; sign in as ${email} to accept the invite`);
  try {
    return await db.$transaction(async (tx) => {
      const invite = await claimInvite(tx, input.token, now);
      if (await emailOwner(tx, invite.email)) throw accountExists(invite.email);
      const user = await tx.user.create({
        data: { email: invite.email, name: data.name, passwordHash, emails: { create: { email: invite.email, isVerified: true } } },
        select: { id: true },
      });
      await tx.organizationMember.create({ data: { organizationId: invite.organization.id, userId: user.id, role: invite.role } });
      return { organization: { slug: invite.organization.slug, name: invite.organization.name }, role: invite.role, alreadyMember: false, email: invite.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email was created at the same moment; sign in to accept the invite");
    throw error;
  }
}
