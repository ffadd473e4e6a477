import { isIP } from "node:net";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failed sign-ins one account may have per window before it is locked for a window. */
export const ACCOUNT_ATTEMPT_LIMIT = 10;
/** Failed sign-ins one client address may have per window (across accounts: password spraying). */
export const ADDRESS_ATTEMPT_LIMIT = 50;
/** The address of requests whose origin Tether cannot tell; they share one counter. */
export const UNKNOWN_ADDRESS = "unknown";

const MESSAGE = /^Too many sign-in attempts; try again in (\d+) minutes?$/;

export class SignInThrottledError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterMs: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    super(`Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`);
    this.name = "SignInThrottledError";
    this.retryAfterSeconds = minutes * 60;
  }
}

/** Seconds to wait, when a message is a throttle refusal (next-auth passes only the message on). */
export function throttleRetryAfterSeconds(message: string | null | undefined): number | null {
  const match = message ? MESSAGE.exec(message) : null;
  return match ? Number(match[1]) * 60 : null;
}

export interface SignInSubject {
  /** Normalised (trimmed, lower-case) email; counted whether or not an account has it. */
  email: string;
  /** From clientAddress(). */
  address: string;
}

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Counts one attempt per key and answers when the key is locked. The count is taken before the
 * password is checked, so concurrent guesses cannot slip past the limit; the attempt that goes
 * over the limit locks the key for a whole window. A key whose window and lock have both passed
 * starts again at 1.
 */
async function countAttempt(db: Db, key: string, limit: number, now: Date): Promise<Date | null> {
  const windowStartedBefore = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const lockUntil = new Date(now.getTime() + SIGN_IN_WINDOW_MS);
  const lapsed = Prisma.sql`(t."windowStart" <= ${windowStartedBefore}::timestamp(3) AND (t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now}::timestamp(3)))`;
  const [row] = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${now}::timestamp(3), NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN ${lapsed} THEN 1 ELSE t."failures" + 1 END,
      "windowStart" = CASE WHEN ${lapsed} THEN ${now}::timestamp(3) ELSE t."windowStart" END,
      "lockedUntil" = CASE
        WHEN ${lapsed} THEN NULL
        WHEN t."lockedUntil" > ${now}::timestamp(3) THEN t."lockedUntil"
        WHEN t."failures" + 1 > ${limit} THEN ${lockUntil}::timestamp(3)
        ELSE NULL
      END
    RETURNING "lockedUntil"`;
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/**
 * Lapsed counters say nothing any more (a new attempt would start them at 1 again); dropping
 * them keeps the table as small as the recent traffic. Run by the scheduled job
 * "sign-in-throttle-cleanup" (lib/jobs/scheduled), on one instance every 10 minutes.
 */
export async function dropLapsedSignInCounters(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.signInThrottle.deleteMany({
    where: { windowStart: { lte: new Date(now.getTime() - SIGN_IN_WINDOW_MS) }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
  });
  return count;
}

/**
 * Called before a password is checked: counts the attempt for the account and for the client
 * address, and throws SignInThrottledError (without checking anything) when either is locked.
 */
export async function beginSignInAttempt(db: Db, subject: SignInSubject, now: Date = new Date()): Promise<void> {
  const account = await countAttempt(db, accountKey(subject.email), ACCOUNT_ATTEMPT_LIMIT, now);
  const address = await countAttempt(db, addressKey(subject.address), ADDRESS_ATTEMPT_LIMIT, now);
  const lockedUntil = Math.max(account?.getTime() ?? 0, address?.getTime() ?? 0);
  if (lockedUntil > now.getTime()) throw new SignInThrottledError(lockedUntil - now.getTime());
}

/** After a correct password: the account starts afresh, and the attempt no longer counts against the address. */
export async function recordSignInSuccess(db: Db, subject: SignInSubject): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: accountKey(subject.email) } });
  await db.signInThrottle.updateMany({ where: { key: addressKey(subject.address), failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

type HeaderBag = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (typeof value === "string") return value;
  return Array.isArray(value) ? value.filter((v) => typeof v === "string").join(",") : undefined;
}

/** TETHER_TRUST_PROXY: how many reverse proxies in front of Tether append to X-Forwarded-For (0 when unset). */
export function trustedProxyCount(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TETHER_TRUST_PROXY?.trim() ?? "";
  if (raw === "") return 0;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 10) {
    throw new Error(`TETHER_TRUST_PROXY must be the number of reverse proxies in front of Tether (usually 1), or 0; got "${raw}"`);
  }
  return count;
}

/** The /64 an IPv6 address is in (one subscriber usually holds a whole /64); IPv4 as is. */
function addressBucket(address: string): string | null {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  const kind = isIP(plain);
  if (kind === 4) return plain;
  if (kind !== 6) return null;
  const [head, tail] = plain.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * The client address a sign-in is counted under. Route handlers do not see the socket: Next.js
 * writes the peer address into X-Forwarded-For, but only when the request has none of its own.
 * - TETHER_TRUST_PROXY=N (behind N proxies that append to the header): the entry the outermost
 *   trusted proxy added, N from the right; entries to its left are the client's own claims.
 * - otherwise: the header only when it holds exactly one address, which is what Next.js writes
 *   for a direct connection. A longer chain was written by someone Tether does not trust, and
 *   all such requests share UNKNOWN_ADDRESS.
 */
export function clientAddress(headers: HeaderBag, env: Record<string, string | undefined> = process.env): string {
  const hops = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const trusted = trustedProxyCount(env);
  const candidate = trusted > 0 ? hops.at(-trusted) : hops.length === 1 ? hops[0] : undefined;
  return (candidate && addressBucket(candidate)) ?? UNKNOWN_ADDRESS;
}
