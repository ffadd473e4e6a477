import type { OAuthConfig } from "next-auth/providers/oauth";
import { getDb } from "@/lib/db/client";

export interface SingleSignOnSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The OIDC provider (Okta, Google Workspace, Keycloak, …) when all three variables are set. */
export function singleSignOnSettings(env: Record<string, string | undefined> = process.env): SingleSignOnSettings | null {
  const issuer = env.TETHER_OIDC_ISSUER?.replace(/\/+$/, "");
  const clientId = env.TETHER_OIDC_CLIENT_ID;
  const clientSecret = env.TETHER_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: env.TETHER_OIDC_NAME ?? "Single sign-on" };
}

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export function singleSignOnProvider(settings: SingleSignOnSettings): OAuthConfig<OidcProfile> {
  return {
    id: "oidc",
    name: settings.name,
    type: "oauth",
    wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
  };
}

/**
 * The Tether user an identity provider's sign-in stands for: an active user with that verified
 * email. Nobody is created on the fly — an admin adds people with the CLI — and an email the
 * provider itself has not verified is not trusted.
 */
export async function userForSingleSignOn(profile: { email?: string | null; email_verified?: boolean }): Promise<string | null> {
  const email = profile.email?.trim().toLowerCase();
  if (!email || profile.email_verified === false) return null;
  const db = await getDb();
  const row = await db.userEmail.findFirst({ where: { email, isVerified: true, user: { isActive: true } }, select: { userId: true } });
  if (!row) return null;
  await db.user.update({ where: { id: row.userId }, data: { lastLoginAt: new Date() } });
  return row.userId;
}
