// Runs the fuzz properties against one route handler, in-process on the fuzz world's database.
import fc from "fast-check";
import { NextRequest } from "next/server";
import { SignJWT } from "jose";
import { DiscordInteractionSigner } from "@/e2e/fakes/fake-discord";
import { queryStringHash } from "@/lib/integrations/jira/connect-jwt";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { caseArbitrary, type BodySpec, type Credential, type FuzzCase } from "./arbitraries";
import type { FuzzWorld } from "./fuzz-world";
import { inNextRequestScope } from "./next-request-scope";
import { routeUrl, type RouteHandler } from "./routes";

/** Cases per route handler: 2,000 by default, TETHER_FUZZ_RUNS to change it (10,000 for a deep run). */
export function fuzzRuns(): number {
  const runs = Number(process.env.TETHER_FUZZ_RUNS ?? "");
  return Number.isInteger(runs) && runs > 0 ? runs : 2000;
}

export interface RouteStats {
  route: string;
  cases: number;
  byStatus: Record<string, number>;
  ms: number;
  failure?: string;
  /** Survey mode (TETHER_FUZZ_SURVEY=1): how often each property failed, with the first case of each. */
  violations?: Record<string, { count: number; first: string }>;
}

/** Run every case and count the failures per property instead of stopping at the first one. */
const survey = () => process.env.TETHER_FUZZ_SURVEY === "1";

const oversized = new Map<string, Uint8Array<ArrayBuffer>>();

function bodyBytes(body: BodySpec): Uint8Array<ArrayBuffer> | string | undefined {
  switch (body.kind) {
    case "none":
      return undefined;
    case "json":
      return JSON.stringify(body.value) ?? "null";
    case "text":
      return body.text;
    case "bytes":
      return Uint8Array.from(body.bytes);
    case "deep": {
      const middle = body.open.endsWith(":") ? "1" : "";
      return body.open.repeat(body.depth) + middle + body.close.repeat(body.depth);
    }
    case "oversize": {
      const cacheKey = `${body.bytes}:${body.json}`;
      let bytes = oversized.get(cacheKey);
      if (!bytes) {
        bytes = new Uint8Array(body.bytes).fill(0x61);
        if (body.json) {
          bytes.set(Buffer.from('{"name":"'), 0);
          bytes.set(Buffer.from('"}'), body.bytes - 2);
        }
        oversized.set(cacheKey, bytes);
      }
      return bytes;
    }
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function jiraJwt(world: FuzzWorld, credential: Extract<Credential, { kind: "jira" }>, method: string, url: URL): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: credential.iss ?? world.jira.clientKey, iat: now, exp: now + 180, qsh: queryStringHash(method, url) };
  if (credential.variant === "expired") claims.exp = now - 10;
  if (credential.variant === "no-qsh") delete claims.qsh;
  if (credential.variant === "bad-qsh") claims.qsh = queryStringHash("GET", "/not/this/request");
  if (credential.variant === "no-exp") delete claims.exp;
  if (credential.variant === "far-exp") claims.exp = now + 10 * 365 * 24 * 3600;
  if (credential.variant === "alg-none") return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
  const secret = credential.variant === "wrong-secret" ? "not-the-shared-secret" : (world.jira.sharedSecret ?? "");
  const alg = credential.variant === "wrong-alg" ? "HS512" : "HS256";
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

/** Discord's two signature headers over the exact body bytes sent, broken as the variant says. */
function discordSignature(world: FuzzWorld, credential: Extract<Credential, { kind: "discord" }>, body: string | Uint8Array | undefined): [string, string][] {
  const text = body === undefined ? "" : typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  const now = Math.floor(Date.now() / 1000);
  const timestamp = String(credential.variant === "stale" ? now - 3600 : now);
  const signer = credential.variant === "wrong-key" ? otherDiscordSigner : world.discord.signer;
  const headers = signer.headers(text, timestamp);
  const signature = credential.variant === "bad-hex" ? `zz${headers["x-signature-ed25519"]!.slice(2)}` : headers["x-signature-ed25519"]!;
  return credential.variant === "no-timestamp" ? [["x-signature-ed25519", signature]] : [["x-signature-ed25519", signature], ["x-signature-timestamp", timestamp]];
}
const otherDiscordSigner = new DiscordInteractionSigner();

async function authorization(world: FuzzWorld, credential: Credential, method: string, url: URL): Promise<[string, string] | null> {
  switch (credential.kind) {
    case "discord":
      return null;
    case "none":
      return null;
    case "cookie":
      return ["cookie", world.cookies[credential.which]];
    case "cookie-raw":
      return ["cookie", credential.value];
    case "token":
      return ["authorization", `Bearer ${world.tokens[credential.which]}`];
    case "authorization":
      return ["authorization", credential.value];
    case "jira":
      return ["authorization", `JWT ${await jiraJwt(world, credential, method, url)}`];
    case "install": {
      const audience = credential.variant === "wrong-audience" ? "https://someone-else.example" : jiraAppSettings().baseUrl;
      const token = await world.jira.signInstall(method, url.toString(), audience, {
        kid: credential.variant === "wrong-kid" ? "kid-unknown" : undefined,
        expiresIn: credential.variant === "expired" ? -10 : 180,
        iss: credential.iss,
      });
      return ["authorization", `JWT ${token}`];
    }
  }
}

export async function buildRequest(world: FuzzWorld, route: RouteHandler, fuzzCase: FuzzCase): Promise<NextRequest> {
  const url = routeUrl(route.key, fuzzCase.params, fuzzCase.query);
  const headers = new Headers();
  const set = (name: string, value: string) => {
    try {
      headers.append(name, value);
    } catch {
      // A value no HTTP client could send; the arbitraries avoid them, this is a safety net.
    }
  };
  for (const [name, value] of fuzzCase.extraHeaders) set(name, value);
  if (fuzzCase.contentType !== null) set("content-type", fuzzCase.contentType);
  if (fuzzCase.origin !== null) set("origin", fuzzCase.origin);
  const auth = await authorization(world, fuzzCase.credential, route.method, url);
  if (auth) set(auth[0], auth[1]);
  const body = route.method === "GET" ? undefined : bodyBytes(fuzzCase.body);
  if (fuzzCase.credential.kind === "discord") for (const [name, value] of discordSignature(world, fuzzCase.credential, body)) set(name, value);
  const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  const declared = { none: null, true: String(length), zero: "0", huge: "99999999999", garbage: "12abc" }[fuzzCase.declaredLength];
  if (declared !== null && body !== undefined) set("content-length", declared);
  return new NextRequest(url, { method: route.method, headers, body });
}

/** Whether the credential is one the route must accept as authentication (null: the route is public). */
export function credentialIsValid(key: string, credential: Credential): boolean | null {
  if (key === "health" || key === "jira/descriptor" || key === "auth/[...nextauth]") return null;
  if (key === "jira/installed") return credential.kind === "install" && credential.variant === "valid";
  // Atlassian signs the uninstall callback with its asymmetric install key as well (signed install).
  if (key === "jira/uninstalled" && credential.kind === "install") return credential.variant === "valid" && credential.iss === undefined;
  if (key.startsWith("jira/") && key !== "jira/link") return credential.kind === "jira" && credential.variant === "valid" && credential.iss === undefined;
  if (key === "discord/interactions") return credential.kind === "discord" && credential.variant === "valid";
  if (credential.kind === "cookie") return credential.which === "owner" || credential.which === "member" || credential.which === "foreign";
  if (credential.kind === "token") return credential.which !== "revoked";
  return false;
}

function describeCase(fuzzCase: FuzzCase): string {
  const body = fuzzCase.body;
  const shown =
    body.kind === "json" ? JSON.stringify(body.value)?.slice(0, 400) : body.kind === "text" ? JSON.stringify(body.text.slice(0, 200)) : body.kind === "bytes" ? Buffer.from(body.bytes).toString("hex").slice(0, 200) : JSON.stringify(body);
  return `params=${JSON.stringify(fuzzCase.params).slice(0, 300)} query=${JSON.stringify(fuzzCase.query).slice(0, 300)} credential=${JSON.stringify(fuzzCase.credential).slice(0, 200)} content-type=${fuzzCase.contentType?.slice(0, 60)} body(${body.kind})=${shown}`;
}

/**
 * Routes whose error answers follow someone else's protocol, with the reason. They still must
 * never answer 5xx nor write on a refusal.
 */
export const FOREIGN_ERROR_FORMATS: Record<string, string> = {
  "auth/[...nextauth]": "next-auth's own endpoints: its refusals are redirects to the sign-in page or plain text, as its client expects",
};

/** The 4xx answer shape: JSON with a machine-readable code (Jira's lifecycle keeps Atlassian's {detail}). */
function errorShapeProblem(key: string, response: Response, text: string): string | null {
  if (key in FOREIGN_ERROR_FORMATS) return null;
  if (!(response.headers.get("content-type") ?? "").includes("application/json")) return `content-type ${response.headers.get("content-type")}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "body is not JSON";
  }
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  if (typeof error?.code === "string" && error.code !== "") return null;
  if ((key === "jira/installed" || key === "jira/uninstalled") && typeof (body as { detail?: unknown }).detail === "string") return null;
  return "no error.code";
}

/** Routes whose accepted requests go on writing after the answer (fire-and-forget work). */
const BACKGROUND_WRITES_AFTER_SUCCESS = new Set(["jira/installed"]);

/** The write count once it has stopped moving for a while (bounded). */
async function settledWrites(world: FuzzWorld, quietMs = 150, maxMs = 5_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let last = await world.writes();
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = await world.writes();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      break;
    }
  }
  return last;
}

/**
 * The properties, for every generated request: never a 5xx; every 4xx is JSON with an error code;
 * a refused request leaves the database exactly as it was; an invalid credential is never accepted.
 */
export async function fuzzRoute(world: FuzzWorld, route: RouteHandler, numRuns: number = fuzzRuns()): Promise<RouteStats> {
  const stats: RouteStats = { route: `${route.method} ${route.key}`, cases: 0, byStatus: {}, ms: 0 };
  let writes = await world.writes();
  const started = Date.now();
  const seed = process.env.TETHER_FUZZ_SEED ? Number(process.env.TETHER_FUZZ_SEED) : undefined;
  try {
    await fc.assert(
      fc.asyncProperty(caseArbitrary(world, route.key, route.method), async (fuzzCase) => {
        const request = await buildRequest(world, route, fuzzCase);
        const fail = (kind: string, message: string) => {
          if (!survey()) throw new Error(`${kind}: ${message}`);
          stats.violations ??= {};
          const seen = (stats.violations[kind] ??= { count: 0, first: message.slice(0, 1500) });
          seen.count += 1;
        };
        let response: Response;
        try {
          response = await inNextRequestScope(`/api/${route.key}/route`, request, async () => route.handler(request, { params: Promise.resolve(fuzzCase.params) }));
        } catch (error) {
          stats.cases += 1;
          stats.byStatus["thrown"] = (stats.byStatus["thrown"] ?? 0) + 1;
          writes = await world.writes();
          return fail("the handler threw (Next.js answers 500)", `${String(error)}\n  ${describeCase(fuzzCase)}`);
        }
        const text = await response.text();
        const status = response.status;
        stats.cases += 1;
        const bucket = `${Math.floor(status / 100)}xx`;
        stats.byStatus[bucket] = (stats.byStatus[bucket] ?? 0) + 1;
        const before = writes;
        writes = await world.writes();
        // An accepted install names the site in the background after answering (behaviour.md §2.1):
        // let that write land before the next case, or it would be charged to that case.
        if (status < 400 && BACKGROUND_WRITES_AFTER_SUCCESS.has(route.key)) writes = await settledWrites(world);
        const what = `${route.method} ${route.key} → ${status} ${text.slice(0, 300)}\n  ${describeCase(fuzzCase)}`;
        if (status >= 500) return fail("server error", what);
        if (status >= 400) {
          const problem = errorShapeProblem(route.key, response, text);
          if (problem) fail(`error answer without an error code (${problem.split(" ")[0]})`, what);
          if (writes !== before) fail("refused request changed the database", `${writes - before} row writes: ${what}`);
        } else if (credentialIsValid(route.key, fuzzCase.credential) === false) {
          fail("invalid credential accepted", what);
        }
      }),
      { numRuns, seed, endOnFailure: process.env.TETHER_FUZZ_SHRINK !== "1", includeErrorInReport: true },
    );
  } catch (error) {
    stats.failure = error instanceof Error ? error.message : String(error);
  } finally {
    stats.ms = Date.now() - started;
  }
  if (stats.violations && !stats.failure) {
    stats.failure = Object.entries(stats.violations).map(([kind, v]) => `${kind} × ${v.count}, first: ${v.first}`).join("\n");
  }
  return stats;
}

export function formatSummary(all: RouteStats[]): string {
  const lines = all.map((s) => {
    const statuses = Object.entries(s.byStatus).sort().map(([k, v]) => `${k} ${v}`).join(", ");
    const violations = Object.entries(s.violations ?? {}).map(([kind, v]) => `${kind} × ${v.count}`).join("; ");
    return `  ${s.failure ? "✘" : "✔"} ${s.route.padEnd(78)} ${String(s.cases).padStart(6)} cases  ${(s.ms / 1000).toFixed(1).padStart(6)} s  (${statuses})${violations ? ` — ${violations}` : ""}`;
  });
  const total = all.reduce((sum, s) => sum + s.cases, 0);
  const ms = all.reduce((sum, s) => sum + s.ms, 0);
  return [`fuzz: ${total} cases over ${all.length} route handlers in ${(ms / 1000).toFixed(1)} s`, ...lines].join("\n");
}
