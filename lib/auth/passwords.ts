import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/bcrypt";

// Native bcrypt runs on libuv's thread pool: concurrent sign-ins no longer stall every other
// request the way pure-JavaScript hashing on the event loop did. It reads the $2a$/$2b$ hashes
// bcryptjs wrote before, so stored passwords keep working.

export const MIN_PASSWORD_LENGTH = 8;

// The thread pool (UV_THREADPOOL_SIZE, 4 by default) also serves file reads, DNS lookups and
// compression for every other request: a burst of sign-ins filling it held /api/health up for
// seconds. At most half of it hashes; further hashes wait their turn here.
const HASHING_SLOTS = Math.max(1, Math.floor((Number(process.env.UV_THREADPOOL_SIZE) || 4) / 2));
let hashing = 0;
const waiting: (() => void)[] = [];

async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing < HASHING_SLOTS) hashing += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line, so a newcomer cannot jump the queue.
    const next = waiting.shift();
    if (next) next();
    else hashing -= 1;
  }
}

/** TETHER_BCRYPT_COST (default 10), read on each use so that a test can raise it for one case. */
export function passwordCost(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TETHER_BCRYPT_COST ?? "10";
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new Error(`TETHER_BCRYPT_COST must be a whole number from 4 to 31; got "${raw}"`);
  return cost;
}

export function hashPassword(password: string): Promise<string> {
  const cost = passwordCost();
  return inHashingSlot(() => hash(password, { cost }));
}

let dummy: { cost: number; hash: Promise<string> } | null = null;

/** A hash of a random password at the current cost, made once: what a missing hash is checked against. */
function dummyHash(): Promise<string> {
  const cost = passwordCost();
  if (dummy?.cost !== cost) dummy = { cost, hash: inHashingSlot(() => hash(randomBytes(18).toString("base64url"), { cost })) };
  return dummy.hash;
}

/**
 * True when the password matches the hash. Without a hash (unknown email, a user who signs in
 * through an identity provider) it still spends one verification on a dummy hash and answers
 * false, so the time taken does not tell which emails have an account.
 */
export async function verifyPassword(password: string, passwordHash: string | null | undefined): Promise<boolean> {
  if (!passwordHash) {
    const standIn = await dummyHash();
    await inHashingSlot(() => verify(password, standIn));
    return false;
  }
  return inHashingSlot(() => verify(password, passwordHash));
}
