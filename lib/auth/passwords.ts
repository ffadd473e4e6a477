import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/bcrypt";

// Native bcrypt runs on libuv's thread pool: concurrent sign-ins no longer stall every other
// request the way pure-JavaScript hashing on the event loop did. It reads the $2a$/$2b$ hashes
// bcryptjs wrote before, so stored passwords keep working.

export const MIN_PASSWORD_LENGTH = 8;

/** TETHER_BCRYPT_COST (default 10), read on each use so that a test can raise it for one case. */
export function passwordCost(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TETHER_BCRYPT_COST ?? "10";
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new Error(`TETHER_BCRYPT_COST must be a whole number from 4 to 31; got "${raw}"`);
  return cost;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { cost: passwordCost() });
}

let dummy: { cost: number; hash: Promise<string> } | null = null;

/** A hash of a random password at the current cost, made once: what a missing hash is checked against. */
function dummyHash(): Promise<string> {
  const cost = passwordCost();
  if (dummy?.cost !== cost) dummy = { cost, hash: hash(randomBytes(18).toString("base64url"), { cost }) };
  return dummy.hash;
}

/**
 * True when the password matches the hash. Without a hash (unknown email, a user who signs in
 * through an identity provider) it still spends one verification on a dummy hash and answers
 * false, so the time taken does not tell which emails have an account.
 */
export async function verifyPassword(password: string, passwordHash: string | null | undefined): Promise<boolean> {
  if (!passwordHash) {
    await verify(password, await dummyHash());
    return false;
  }
  return verify(password, passwordHash);
}
