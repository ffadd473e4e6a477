import { createHash, randomBytes } from "node:crypto";

export const INVITE_TOKEN_PREFIX = "tinv_";
/** How long an invite link works; resending makes a new link for another week. */
export const INVITE_LIFETIME_MS = 7 * 24 * 3600_000;

export function newInviteToken(): string {
  return INVITE_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a value could be an invite token at all; anything else is not looked up. */
export function looksLikeInviteToken(token: string): boolean {
  return token.startsWith(INVITE_TOKEN_PREFIX) && token.length <= 100 && /^[A-Za-z0-9_-]+$/.test(token);
}

/** The path of the page that accepts an invite. */
export const invitePath = (token: string) => `/invite/${token}`;
