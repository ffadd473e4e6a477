import { createSecretKey } from "node:crypto";
import { keyObjectCache } from "@/lib/crypto/key-objects";
import { createQueryStringHash, fromMethodAndUrl } from "atlassian-jwt";
import { SignJWT, decodeJwt, decodeProtectedHeader, errors as joseErrors, importSPKI, jwtVerify, type JWTPayload } from "jose";
import { findUnstorableText } from "@/lib/text/unstorable-text";

/** Why a Connect JWT was refused; every case is answered 401 by the webhooks ([R] Sentry: 409). */
export type ConnectJwtFailure =
  | "missing_token"
  | "malformed_token"
  | "unknown_issuer"
  | "invalid_algorithm"
  | "invalid_signature"
  | "expired"
  | "missing_qsh"
  | "qsh_mismatch"
  | "invalid_audience"
  | "invalid_key_id"
  | "missing_expiry"
  | "invalid_lifetime";

const FAILURE_MESSAGES: Record<ConnectJwtFailure, string> = {
  missing_token: "Missing Authorization header with a Connect JWT",
  malformed_token: "The Connect JWT could not be decoded",
  unknown_issuer: "No Jira installation found for this token's issuer",
  invalid_algorithm: "Invalid algorithm in JWT header",
  invalid_signature: "Signature is invalid",
  expired: "Signature is expired",
  missing_qsh: "The Connect JWT has no qsh claim",
  qsh_mismatch: "Query hash mismatch",
  invalid_audience: "The Connect JWT audience is not this app",
  invalid_key_id: "Invalid key id",
  missing_expiry: "The Connect JWT has no exp claim",
  invalid_lifetime: "The Connect JWT expires too far ahead or is issued in the future",
};

export class ConnectJwtError extends Error {
  constructor(readonly failure: ConnectJwtFailure, message: string = FAILURE_MESSAGES[failure]) {
    super(message);
    this.name = "ConnectJwtError";
  }
}

/**
 * The token from `Authorization: <scheme> <token>`; like Atlassian's libraries the scheme is not
 * checked (`JWT x` and `Bearer x` both work).
 */
export function extractConnectToken(authorization: string | null | undefined): string {
  const value = authorization?.trim() ?? "";
  const space = value.indexOf(" ");
  if (space < 0) throw new ConnectJwtError("missing_token");
  const token = value.slice(space + 1).trim();
  if (!token) throw new ConnectJwtError("missing_token");
  return token;
}

/** The qsh claim for a request: SHA-256 of METHOD&path&sorted-query (query parameter `jwt` excluded). */
export function queryStringHash(method: string, url: string | URL): string {
  const parsed = typeof url === "string" ? new URL(url, "http://localhost") : url;
  return createQueryStringHash(fromMethodAndUrl(method.toUpperCase(), parsed.pathname + parsed.search));
}

export interface PeekedConnectJwt {
  header: { alg?: string; kid?: string };
  claims: JWTPayload & { qsh?: unknown };
}

/** Header and claims, unverified: used only to find which installation's secret verifies it. */
export function peekConnectJwt(token: string): PeekedConnectJwt {
  if (token.split(".").length !== 3) throw new ConnectJwtError("malformed_token");
  let peeked: PeekedConnectJwt;
  try {
    peeked = { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    throw new ConnectJwtError("malformed_token");
  }
  // The issuer and key id are looked up before the signature can be checked: text the database
  // cannot hold must be refused here, or the lookup of an unauthenticated token fails with a 500.
  if (findUnstorableText(peeked) !== null) throw new ConnectJwtError("malformed_token");
  return peeked;
}

function mapJoseError(error: unknown): never {
  if (error instanceof ConnectJwtError) throw error;
  if (error instanceof joseErrors.JWTExpired) throw new ConnectJwtError("expired");
  if (error instanceof joseErrors.JOSEAlgNotAllowed) throw new ConnectJwtError("invalid_algorithm");
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "exp") throw new ConnectJwtError("missing_expiry");
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "aud") throw new ConnectJwtError("invalid_audience");
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new ConnectJwtError("invalid_signature");
  if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) throw new ConnectJwtError("malformed_token");
  throw new ConnectJwtError("invalid_signature");
}

// Jira signs for minutes; a token valid for longer would be a replayable credential if it leaked.
const MAX_LIFETIME_SECONDS = 60 * 60;
const CLOCK_SKEW_SECONDS = 60;

function checkLifetime(claims: JWTPayload): void {
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number") throw new ConnectJwtError("missing_expiry");
  if (claims.exp > now + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) throw new ConnectJwtError("invalid_lifetime");
  if (typeof claims.iat === "number" && claims.iat > now + CLOCK_SKEW_SECONDS) throw new ConnectJwtError("invalid_lifetime");
}

function checkQsh(claims: PeekedConnectJwt["claims"], method: string, url: string | URL): void {
  if (typeof claims.qsh !== "string" || claims.qsh === "") throw new ConnectJwtError("missing_qsh");
  if (claims.qsh !== queryStringHash(method, url)) throw new ConnectJwtError("qsh_mismatch");
}

/** A site's shared secret as a key object, made once: jose would otherwise import it on every webhook. */
const hmacKeyFor = keyObjectCache((secret) => createSecretKey(Buffer.from(secret, "utf8")), 256);

export interface VerifiedConnectJwt {
  issuer: string;
  claims: JWTPayload;
}

/**
 * Verifies a Jira → Tether webhook token signed with the installation's shared secret (HS256 only,
 * `exp` required, bounded and enforced with no leeway, `qsh` required and matched against this very request).
 */
export async function verifyConnectJwt(input: {
  token: string;
  method: string;
  url: string | URL;
  sharedSecretFor: (issuer: string) => Promise<string | null>;
}): Promise<VerifiedConnectJwt> {
  const { header, claims } = peekConnectJwt(input.token);
  if (typeof claims.iss !== "string" || !claims.iss) throw new ConnectJwtError("malformed_token");
  if (header.alg !== "HS256") throw new ConnectJwtError("invalid_algorithm");
  const secret = await input.sharedSecretFor(claims.iss);
  if (!secret) throw new ConnectJwtError("unknown_issuer");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(input.token, hmacKeyFor(secret), { algorithms: ["HS256"], clockTolerance: 0, requiredClaims: ["exp"] }));
  } catch (error) {
    mapJoseError(error);
  }
  checkLifetime(payload);
  checkQsh(payload, input.method, input.url);
  return { issuer: claims.iss, claims: payload };
}

/**
 * Verifies a signed install/uninstall callback: RS256 with the public key Atlassian publishes for
 * the header's `kid`, `aud` = this app's base URL, and `qsh`.
 */
export async function verifyInstallJwt(input: {
  token: string;
  method: string;
  url: string | URL;
  audience: string;
  publicKeyFor: (kid: string) => Promise<string | null>;
}): Promise<VerifiedConnectJwt> {
  const { header, claims } = peekConnectJwt(input.token);
  if (!header.kid) throw new ConnectJwtError("invalid_key_id", "Missing key id");
  if (header.alg !== "RS256") throw new ConnectJwtError("invalid_algorithm");
  const pem = await input.publicKeyFor(header.kid);
  if (!pem) throw new ConnectJwtError("invalid_key_id");
  let payload: JWTPayload;
  try {
    const key = await importSPKI(pem, "RS256");
    ({ payload } = await jwtVerify(input.token, key, { algorithms: ["RS256"], audience: [input.audience, input.audience.replace(/\/+$/, "")], clockTolerance: 0, requiredClaims: ["exp"] }));
  } catch (error) {
    mapJoseError(error);
  }
  checkLifetime(payload);
  checkQsh(payload, input.method, input.url);
  if (typeof claims.iss !== "string" || !claims.iss) throw new ConnectJwtError("malformed_token");
  return { issuer: claims.iss, claims: payload };
}

/** Signs a Tether → Jira REST call as the Connect app: HS256, 3 minutes, qsh over this request. */
export async function signConnectJwt(input: {
  appKey: string;
  sharedSecret: string;
  method: string;
  url: string | URL;
  now?: Date;
  lifetimeSeconds?: number;
}): Promise<string> {
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ qsh: queryStringHash(input.method, input.url) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(input.appKey)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (input.lifetimeSeconds ?? 180))
    .sign(new TextEncoder().encode(input.sharedSecret));
}
