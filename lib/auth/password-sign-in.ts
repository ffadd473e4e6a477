import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { verifyPassword } from "./passwords";
import { UNKNOWN_ADDRESS, beginSignInAttempt, recordSignInSuccess } from "./sign-in-throttle";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

export interface PasswordSignIn {
  id: string;
  email: string;
  name: string | null;
  /** Goes into the session, which stands only while the user's version stays the same. */
  sessionVersion: number;
}

/**
 * The user for an email and password, or null; inactive users and unknown emails look alike,
 * in the answer and in the time it takes. Throws SignInThrottledError when the account or the
 * client address has had too many attempts (see sign-in-throttle.ts).
 */
export async function authenticateWithPassword(raw: unknown, address: string = UNKNOWN_ADDRESS): Promise<PasswordSignIn | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = await getDb();
  const subject = { email: parsed.data.email, address };
  await beginSignInAttempt(db, subject);
  const user = await db.user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, email: true, name: true, passwordHash: true, isActive: true, sessionVersion: true },
  });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash);
  if (!user || !ok || !user.isActive) return null;
  await recordSignInSuccess(db, subject);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
