import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

type Client = Db | Prisma.TransactionClient;

/** What a decoded session cookie (the next-auth JWT) says about its user. */
export interface SessionClaims {
  sub?: string | null;
  sessionVersion?: unknown;
}

export type SessionCheck = { state: "valid"; userId: string } | { state: "none" | "inactive" | "revoked"; userId?: string };

/**
 * Whether a session still stands: its user exists, is active, and has not ended their sessions
 * since it was issued (the versions match). One read by primary key, made on every page and API
 * request. A cookie issued before sessions carried a version counts as version 0: it keeps
 * working until the user's first revocation.
 */
export async function checkSession(db: Db, claims: SessionClaims | null): Promise<SessionCheck> {
  const userId = claims?.sub;
  if (!userId) return { state: "none" };
  const user = await db.user.findUnique({ where: { id: userId }, select: { isActive: true, sessionVersion: true } });
  if (!user) return { state: "none" };
  if (!user.isActive) return { state: "inactive", userId };
  const version = claims.sessionVersion ?? 0;
  return version === user.sessionVersion ? { state: "valid", userId } : { state: "revoked", userId };
}

/** The version a session issued now carries. */
export async function currentSessionVersion(db: Db, userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? 0;
}

/**
 * Ends every session the user has, in every browser (sign-out everywhere, a password change,
 * deactivation). Versions only grow, so an ended session never comes back.
 */
export async function revokeSessions(db: Client, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
