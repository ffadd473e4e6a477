import { verifyPassword } from "@/lib/auth/passwords";
import type { Db } from "@/lib/db/client";
import { DEMO_LOGIN } from "./seed-demo";

export interface DemoLogin {
  email: string;
  password: string;
}

// bcrypt is slow by design: the answer is kept a minute per database rather than paid on every
// render of the sign-in page. A changed password shows up within that minute.
const REMEMBER_MS = 60_000;
const remembered = new WeakMap<Db, { at: number; login: Promise<DemoLogin | null> }>();

async function lookUp(db: Db): Promise<DemoLogin | null> {
  const user = await db.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { isActive: true, passwordHash: true } });
  if (!user?.isActive || !user.passwordHash) return null;
  // Shown only while it really signs in: a demo user whose password was changed is no longer a demo.
  return (await verifyPassword(DEMO_LOGIN.password, user.passwordHash)) ? { ...DEMO_LOGIN } : null;
}

/**
 * The demo login the sign-in page offers, or null on any other install: demo data must be on
 * (TETHER_DEMO is not "0", as for `npm start`'s seeding) and the demo user must exist, be active
 * and still have the published demo password.
 */
export function demoLoginToShow(db: Db, env: Record<string, string | undefined> = process.env, now = Date.now()): Promise<DemoLogin | null> {
  if (env.TETHER_DEMO === "0") return Promise.resolve(null);
  const cached = remembered.get(db);
  if (cached && now - cached.at < REMEMBER_MS) return cached.login;
  const login = lookUp(db).catch(() => null);
  remembered.set(db, { at: now, login });
  return login;
}
