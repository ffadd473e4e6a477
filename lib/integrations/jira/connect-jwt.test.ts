import { generateKeyPairSync } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { describe, expect, it } from "vitest";
import {
  ConnectJwtError,
  extractConnectToken,
  queryStringHash,
  signConnectJwt,
  verifyConnectJwt,
  verifyInstallJwt,
} from "./connect-jwt";

const SECRET = "shared-secret-of-the-installation";
const URL_ = "https://tether.example/api/jira/issue-updated";

async function hs256(claims: Record<string, unknown>, secret = SECRET, alg = "HS256") {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

const sharedSecretFor = async (iss: string) => (iss === "client-1" ? SECRET : null);

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectJwtError) return error.failure;
    throw error;
  }
  return "none";
}

describe("queryStringHash", () => {
  it("matches Sentry's test vector", () => {
    expect(queryStringHash("GET", "/extensions/jira/configure/?a=1&b=2&c=3&test=pass")).toBe(
      "36f43b88d6a8cdf89bb8f744e2378bb0ceb6378e80ab0b513082a8b72396bccc",
    );
  });
  it("ignores the jwt parameter and the order of parameters", () => {
    expect(queryStringHash("post", "/x?b=2&jwt=abc&a=1")).toBe(queryStringHash("POST", "/x?a=1&b=2"));
  });
  it("differs by method and path", () => {
    expect(queryStringHash("GET", "/x")).not.toBe(queryStringHash("POST", "/x"));
    expect(queryStringHash("POST", "/x")).not.toBe(queryStringHash("POST", "/y"));
  });
});

describe("extractConnectToken", () => {
  it("takes the token after the first space, whatever the scheme", () => {
    expect(extractConnectToken("JWT abc")).toBe("abc");
    expect(extractConnectToken("Bearer abc")).toBe("abc");
  });
  it("refuses a missing header or one without a space", () => {
    expect(() => extractConnectToken(null)).toThrow(ConnectJwtError);
    expect(() => extractConnectToken("abc")).toThrow(ConnectJwtError);
  });
});

describe("verifyConnectJwt", () => {
  const now = Math.floor(Date.now() / 1000);
  const good = () => hs256({ iss: "client-1", iat: now, exp: now + 60, qsh: queryStringHash("POST", URL_) });

  it("accepts a correctly signed token for this request", async () => {
    const verified = await verifyConnectJwt({ token: await good(), method: "POST", url: URL_, sharedSecretFor });
    expect(verified.issuer).toBe("client-1");
  });
  it("refuses each kind of bad token with its own reason", async () => {
    const v = (token: string, url = URL_) => verifyConnectJwt({ token, method: "POST", url, sharedSecretFor });
    expect(await failure(v("not-a-jwt"))).toBe("malformed_token");
    expect(await failure(v("a.b.c"))).toBe("malformed_token");
    expect(await failure(v(await hs256({ iss: "other", exp: now + 60, qsh: "x" })))).toBe("unknown_issuer");
    expect(await failure(v(await hs256({ iss: "client-1", exp: now + 60, qsh: queryStringHash("POST", URL_) }, "wrong")))).toBe("invalid_signature");
    expect(await failure(v(await hs256({ iss: "client-1", exp: now - 1, qsh: queryStringHash("POST", URL_) })))).toBe("expired");
    expect(await failure(v(await hs256({ iss: "client-1", exp: now + 60 })))).toBe("missing_qsh");
    expect(await failure(v(await good(), URL_ + "?extra=1"))).toBe("qsh_mismatch");
    expect(await failure(v(await hs256({ iss: "client-1", exp: now + 60, qsh: "x" }, SECRET, "HS512")))).toBe("invalid_algorithm");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ iss: "client-1", qsh: queryStringHash("POST", URL_) })).toString("base64url")}.`;
    expect(await failure(v(unsigned))).toBe("invalid_algorithm");
  });
  it("verifies what signConnectJwt produces (round trip of the outbound signer)", async () => {
    const token = await signConnectJwt({ appKey: "client-1", sharedSecret: SECRET, method: "PUT", url: "https://site.atlassian.net/rest/api/2/issue/APP-1/assignee" });
    await expect(verifyConnectJwt({ token, method: "PUT", url: "https://site.atlassian.net/rest/api/2/issue/APP-1/assignee", sharedSecretFor })).resolves.toBeTruthy();
  });
});

describe("verifyInstallJwt", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const installUrl = "https://tether.example/api/jira/installed";
  const sign = async (claims: Record<string, unknown>, kid = "kid-1") =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(await importPKCS8(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "RS256"));
  const publicKeyFor = async (kid: string) => (kid === "kid-1" ? pem : null);
  const now = Math.floor(Date.now() / 1000);

  it("accepts an RS256 install signed by the published key", async () => {
    const token = await sign({ iss: "client-1", aud: "https://tether.example", exp: now + 60, qsh: queryStringHash("POST", installUrl) });
    const verified = await verifyInstallJwt({ token, method: "POST", url: installUrl, audience: "https://tether.example", publicKeyFor });
    expect(verified.issuer).toBe("client-1");
  });
  it("refuses an unknown kid, a wrong audience and an expired install", async () => {
    const v = (token: string) => verifyInstallJwt({ token, method: "POST", url: installUrl, audience: "https://tether.example", publicKeyFor });
    const claims = { iss: "client-1", aud: "https://tether.example", exp: now + 60, qsh: queryStringHash("POST", installUrl) };
    expect(await failure(v(await sign(claims, "kid-unknown")))).toBe("invalid_key_id");
    expect(await failure(v(await sign({ ...claims, aud: "https://evil.example" })))).toBe("invalid_audience");
    expect(await failure(v(await sign({ ...claims, exp: now - 5 })))).toBe("expired");
    expect(await failure(v(await hs256(claims)))).toBe("invalid_key_id");
  });
});

describe("defect 9: claims PostgreSQL cannot store", () => {
  it("refuses an issuer with NUL or a lone surrogate before looking it up", async () => {
    for (const iss of ["client-1\u0000", "client-\ud800"]) {
      const looked: string[] = [];
      const token = await hs256({ iss, qsh: queryStringHash("POST", URL_), exp: Math.floor(Date.now() / 1000) + 60 });
      const lookup = async (issuer: string) => {
        looked.push(issuer);
        return null;
      };
      expect(await failure(verifyConnectJwt({ token, method: "POST", url: URL_, sharedSecretFor: lookup }))).toBe("malformed_token");
      expect(looked).toEqual([]);
    }
  });
});
