import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findUser } from "./lookups";
import { parseInput } from "./parse-input";
import { userRefSchema } from "./schemas";

export const deactivateUserSchema = z.object({ user: userRefSchema });
export type DeactivateUserInput = z.input<typeof deactivateUserSchema>;

/**
 * Stops a user from signing in while keeping everything they did (assignments, activity) intact,
 * and ends their sessions, so reactivating them later does not revive an old cookie. API tokens
 * they created stop working too (see verifyApiToken). Deactivating an inactive user changes nothing.
 */
export async function deactivateUser(db: Db, input: DeactivateUserInput) {
  const data = parseInput(deactivateUserSchema, input);
  const user = await findUser(db, data.user);
  if (!user.isActive) return { user, changed: false };
  return { user: await db.user.update({ where: { id: user.id }, data: { isActive: false, sessionVersion: { increment: 1 } } }), changed: true };
}
