import { createHmac } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";
import { authSecret } from "@/lib/auth/secret";
import { tetherPublicBaseUrl } from "./app-settings";

// The /link and /unlink replies carry a signed link (behaviour.md §9.3): it names the Discord user
// and the guild's integration, is valid for two days, and is only ever shown to that Discord user
// (the reply is ephemeral). Holding it is the Discord user's consent; signing in is the Tether
// user's. No server state, so any instance can open it.

export type IdentityLinkAction = "link" | "unlink";

/** How long a link from /link or /unlink can be opened (Sentry: two days). */
export const IDENTITY_LINK_LIFETIME_SECONDS = 2 * 24 * 60 * 60;

const AUDIENCE: Record<IdentityLinkAction, string> = {
  link: "tether:discord-link-identity",
  unlink: "tether:discord-unlink-identity",
};

const PAGE: Record<IdentityLinkAction, string> = { link: "link-identity", unlink: "unlink-identity" };

export interface IdentityLinkClaims {
  discordUserId: string;
  integrationId: string;
  guildId: string;
  /** The Discord user's name as Discord sent it with the command, shown on the confirm page so nobody confirms someone else's link unaware. */
  discordName?: string;
}

const snowflake = z.string().regex(/^\d{1,20}$/);
const claimsSchema = z.object({ discord_id: snowflake, integration_id: z.string().min(1).max(100), guild_id: snowflake, discord_name: z.string().min(1).max(100).optional() });

/** A key of its own, derived from the app secret: a session token can never pass for a link, nor the reverse. */
function key(): Uint8Array {
  return new Uint8Array(createHmac("sha256", authSecret()).update("tether:discord-identity-link").digest());
}

export async function signIdentityLink(action: IdentityLinkAction, claims: IdentityLinkClaims, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const name = claims.discordName ? { discord_name: claims.discordName } : {};
  return new SignJWT({ discord_id: claims.discordUserId, integration_id: claims.integrationId, guild_id: claims.guildId, ...name })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(AUDIENCE[action])
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + IDENTITY_LINK_LIFETIME_SECONDS)
    .sign(key());
}

/** The dashboard page a /link or /unlink reply points at. */
export async function identityLinkUrl(action: IdentityLinkAction, claims: IdentityLinkClaims, now: Date = new Date()): Promise<string> {
  return `${tetherPublicBaseUrl()}/discord/${PAGE[action]}/${await signIdentityLink(action, claims, now)}`;
}

/**
 * The claims of a link, or null when it was tampered with, signed for the other action, is not a
 * link at all, or is older than two days (`now` lets tests move the clock).
 */
export async function readIdentityLink(action: IdentityLinkAction, token: string, now: Date = new Date()): Promise<IdentityLinkClaims | null> {
  if (token.length === 0 || token.length > 2000) return null;
  try {
    const { payload } = await jwtVerify(token, key(), { audience: AUDIENCE[action], algorithms: ["HS256"], currentDate: now, requiredClaims: ["exp", "iat"] });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return null;
    const name = claims.data.discord_name ? { discordName: claims.data.discord_name } : {};
    return { discordUserId: claims.data.discord_id, integrationId: claims.data.integration_id, guildId: claims.data.guild_id, ...name };
  } catch {
    return null;
  }
}
