import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { findUser } from "./lookups";
import { parseInput } from "./parse-input";
import { passwordSchema, userRefSchema } from "./schemas";

export const setUserPasswordSchema = z.object({ user: userRefSchema, password: passwordSchema });
export type SetUserPasswordInput = z.input<typeof setUserPasswordSchema>;

/**
 * Gives a user a new password and ends every session they have: whoever knew the old password
 * may be signed in somewhere with it.
 */
export async function setUserPassword(db: Db, input: SetUserPasswordInput) {
  const data = parseInput(setUserPasswordSchema, input);
  const user = await findUser(db, data.user);
  const passwordHash = await hashPassword(data.password);
  return { user: await db.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } }) };
}
