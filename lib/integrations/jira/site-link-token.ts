import { SignJWT, jwtVerify } from "jose";
import { authSecret } from "@/lib/auth/secret";
import { badRequest } from "@/lib/errors";

// The configure page runs inside Jira with Jira's JWT; linking happens in a Tether tab where the
// admin is signed in. This short-lived token carries the verified site across (no server state,
// so any app instance can finish the link).
const AUDIENCE = "tether:jira-site-link";
const LIFETIME_SECONDS = 30 * 60;

function key(): Uint8Array {
  return new TextEncoder().encode(`${authSecret()}:${AUDIENCE}`);
}

export async function issueSiteLinkToken(clientKey: string): Promise<string> {
  return new SignJWT({ clientKey }).setProtectedHeader({ alg: "HS256" }).setAudience(AUDIENCE).setIssuedAt().setExpirationTime(`${LIFETIME_SECONDS}s`).sign(key());
}

export async function readSiteLinkToken(token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, key(), { audience: AUDIENCE, algorithms: ["HS256"] });
    if (typeof payload.clientKey !== "string") throw new Error("no client key");
    return payload.clientKey;
  } catch {
    throw badRequest("This link has expired or is invalid. Open Tether's configure page from Jira again.");
  }
}
