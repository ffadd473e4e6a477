import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { SignInThrottledError, beginSignInAttempt, recordSignInSuccess } from "@/lib/auth/sign-in-throttle";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { passwordSchema } from "@/lib/domain/organizations/schemas";

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "Enter your current password").max(1024),
  newPassword: passwordSchema,
});

/**
 * Changes the user's password after checking the current one. Guesses at the current password
 * count against the same throttle as sign-in (a stolen session must not become a password oracle),
 * and a change ends every session, this one included: the browser signs in again with the new one.
 */
export async function changePassword(db: Db, input: { userId: string; address: string } & z.input<typeof changePasswordSchema>): Promise<void> {
  const data = parseInput(changePasswordSchema, { currentPassword: input.currentPassword, newPassword: input.newPassword });
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, passwordHash: true } });
  if (!user) throw notFound("User not found");
  if (!user.passwordHash) throw conflict("You sign in through single sign-on; your account has no password to change");
  const subject = { email: user.email, address: input.address };
  try {
    await beginSignInAttempt(db, subject);
  } catch (error) {
    if (error instanceof SignInThrottledError) {
      throw new AppError(429, "too_many_attempts", error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
    }
    throw error;
  }
  if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
    throw badRequest("The current password is incorrect", { fields: { currentPassword: ["Incorrect password"] } });
  }
  await recordSignInSuccess(db, subject);
  const passwordHash = await hashPassword(data.newPassword);
  await db.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
}
