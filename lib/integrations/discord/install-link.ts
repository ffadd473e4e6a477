import { SignJWT, jwtVerify } from "jose";
import { authSecret } from "@/lib/auth/secret";
import { AppError } from "@/lib/errors";
import { DISCORD_BOT_PERMISSIONS, type DiscordAppSettings, type DiscordInstallSettings } from "./app-settings";

// The bot's install link ("Add to Discord") and its `state`: Discord hands the state back on the
// redirect, and it is the only thing there Tether wrote itself. Signed with the deployment's
// secret, it says which admin started the install for which organization, for 10 minutes, so a
// redirect cannot be replayed later, forged for another organization, or finished by someone else.

export const DISCORD_AUTHORIZE_URL = "https://discord.com/oauth2/authorize";
const AUDIENCE = "tether:discord-install";
export const INSTALL_STATE_LIFETIME_SECONDS = 10 * 60;

function key(): Uint8Array {
  // A key of its own (the secret with this purpose), so no other signed token of Tether's passes here.
  return new TextEncoder().encode(`${authSecret()}:${AUDIENCE}`);
}

export interface DiscordInstallState {
  organizationId: string;
  userId: string;
}

export async function signDiscordInstallState(state: DiscordInstallState, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ org: state.organizationId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(state.userId)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + INSTALL_STATE_LIFETIME_SECONDS)
    .sign(key());
}

/** The state's organization and user, or a 400 naming what to do (tampered, expired, or not ours). */
export async function readDiscordInstallState(state: string): Promise<DiscordInstallState> {
  try {
    const { payload } = await jwtVerify(state, key(), { audience: AUDIENCE, algorithms: ["HS256"], clockTolerance: 0 });
    if (typeof payload.org !== "string" || typeof payload.sub !== "string") throw new Error("incomplete state");
    return { organizationId: payload.org, userId: payload.sub };
  } catch {
    throw new AppError(400, "invalid_install_state", "This Discord install link has expired or is invalid; start again with Add to Discord in Settings › Integrations");
  }
}

/** Discord's OAuth2 page that adds the bot (with its commands and minimal permissions) to a guild the admin picks. */
export function discordInstallUrl(app: Pick<DiscordAppSettings, "applicationId">, install: Pick<DiscordInstallSettings, "redirectUri">, state: string): string {
  const query = new URLSearchParams({
    client_id: app.applicationId,
    scope: "bot applications.commands",
    permissions: DISCORD_BOT_PERMISSIONS,
    response_type: "code",
    redirect_uri: install.redirectUri,
    state,
  });
  return `${DISCORD_AUTHORIZE_URL}?${query.toString()}`;
}
