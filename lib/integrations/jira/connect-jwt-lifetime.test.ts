import { generateKeyPairSync } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { describe, expect, it } from "vitest";
import { ConnectJwtError, queryStringHash, verifyConnectJwt, verifyInstallJwt } from "./connect-jwt";

// Defect 15 (issue 9): a Connect JWT without `exp` was accepted, so one leaked webhook token stayed
// valid forever. Real tokens, signed with jose as Jira and Atlassian's install service sign them.

const SECRET = "shared-secret-of-the-installation";
const WEBHOOK_URL = "https://tether.example/api/jira/issue-updated";
const INSTALL_URL = "https://tether.example/api/jira/installed";
const AUDIENCE = "https://tether.example";

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectJwtError) return error.failure;
    throw error;
  }
  return "none";
}

const now = () => Math.floor(Date.now() / 1000);

describe("defect 15: Connect JWT lifetime (webhooks, HS256)", () => {
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ iss: "client-1", qsh: queryStringHash("POST", WEBHOOK_URL), ...claims }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(SECRET));
  const verify = async (claims: Record<string, unknown>) =>
    failure(verifyConnectJwt({ token: await sign(claims), method: "POST", url: WEBHOOK_URL, sharedSecretFor: async (iss) => (iss === "client-1" ? SECRET : null) }));

  it("defect 15: refuses a correctly signed webhook token without exp", async () => {
    expect(await verify({ iat: now() })).toBe("missing_expiry");
    expect(await verify({})).toBe("missing_expiry");
  });
  it("defect 15: refuses exp more than an hour ahead and iat in the future", async () => {
    expect(await verify({ iat: now(), exp: now() + 2 * 3600 })).toBe("invalid_lifetime");
    expect(await verify({ iat: now(), exp: now() + 100 * 365 * 24 * 3600 })).toBe("invalid_lifetime");
    expect(await verify({ iat: now() + 600, exp: now() + 900 })).toBe("invalid_lifetime");
  });
  it("defect 15: still accepts Jira's usual tokens, with a little clock skew", async () => {
    expect(await verify({ iat: now(), exp: now() + 180 })).toBe("none");
    expect(await verify({ iat: now() + 20, exp: now() + 200 })).toBe("none");
    expect(await verify({ exp: now() + 3600 })).toBe("none");
  });
});

describe("defect 15: Connect JWT lifetime (signed installs, RS256)", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const sign = async (claims: Record<string, unknown>) =>
    new SignJWT({ iss: "client-1", aud: AUDIENCE, qsh: queryStringHash("POST", INSTALL_URL), ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "kid-1" })
      .sign(await importPKCS8(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "RS256"));
  const verify = async (claims: Record<string, unknown>) =>
    failure(verifyInstallJwt({ token: await sign(claims), method: "POST", url: INSTALL_URL, audience: AUDIENCE, publicKeyFor: async (kid) => (kid === "kid-1" ? pem : null) }));

  it("defect 15: refuses an install token without exp, or with an unbounded one", async () => {
    expect(await verify({ iat: now() })).toBe("missing_expiry");
    expect(await verify({ iat: now(), exp: now() + 30 * 24 * 3600 })).toBe("invalid_lifetime");
    expect(await verify({ iat: now() + 3600, exp: now() + 3700 })).toBe("invalid_lifetime");
    expect(await verify({ iat: now(), exp: now() + 180 })).toBe("none");
  });
});
