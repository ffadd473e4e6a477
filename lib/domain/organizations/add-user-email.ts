import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { emailOwner } from "./email-owner";
import { findUser } from "./lookups";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { parseInput } from "./parse-input";
import { emailSchema, userRefSchema } from "./schemas";

export const addUserEmailSchema = z.object({
  user: userRefSchema,
  email: emailSchema,
  // Addresses added by an admin are trusted unless said otherwise; integrations match users by verified emails only.
  verified: z.boolean().default(true),
});
export type AddUserEmailInput = z.input<typeof addUserEmailSchema>;

/** Adds another email address to a user; an address that belongs to anyone already is refused. */
export async function addUserEmail(db: Db, input: AddUserEmailInput) {
  const data = parseInput(addUserEmailSchema, input);
  const taken = (who: string) =>
    conflict(`The email '${data.email}' already belongs to ${who}`, { fields: { email: ["Already in use"] } });
  try {
    return await db.$transaction(async (tx) => {
      const user = await findUser(tx, data.user);
      const owner = await emailOwner(tx, data.email);
      if (owner) throw taken(owner.userId === user.id ? "this user" : "another user");
      const email = await tx.userEmail.create({ data: { userId: user.id, email: data.email, isVerified: data.verified } });
      return { user, email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken("this user");
    throw error;
  }
}
