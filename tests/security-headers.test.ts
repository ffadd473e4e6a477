import type { IncomingMessage } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { matchHas } from "next/dist/shared/lib/router/utils/prepare-destination";
import { describe, expect, it } from "vitest";

type Env = Record<string, string | undefined>;
type HeaderRules = Awaited<ReturnType<NonNullable<NextConfig["headers"]>>>;
interface ConfigModule {
  default: NextConfig;
  securityHeaders?: (options?: { development?: boolean; env?: Env }) => HeaderRules;
}

// Imported by URL: next.config.js is plain JavaScript, outside the TypeScript program.
const configModule = (await import(pathToFileURL(path.resolve("next.config.js")).href)) as ConfigModule;

/** The headers Next.js adds to an answer for `pathname`, matched the way its router matches them (later rules win). */
function headersFor(rules: HeaderRules, pathname: string, requestHeaders: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const request = { headers: requestHeaders } as unknown as IncomingMessage;
  for (const rule of rules) {
    if (getPathMatch(rule.source, { strict: true, removeUnnamedParams: true })(pathname) === false) continue;
    if ((rule.has || rule.missing) && matchHas(request, {}, rule.has, rule.missing) === false) continue;
    for (const { key, value } of rule.headers) out[key.toLowerCase()] = value;
  }
  return out;
}

function directives(policy: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (policy ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

async function configuredRules(): Promise<HeaderRules> {
  expect(configModule.default.headers, "next.config.js has no headers()").toBeTypeOf("function");
  return configModule.default.headers!();
}

describe("security headers (next.config.js headers())", () => {
  it.each(["/", "/signin", "/o/acme/groups", "/o/acme/groups/abc", "/o/acme/settings/api-tokens", "/api/v1/organizations/acme/groups", "/jirafake"])(
    "defect 12: %s gets the policy, nosniff, a referrer policy and no framing",
    async (pathname) => {
      const headers = headersFor(await configuredRules(), pathname);
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["x-frame-options"]).toBe("DENY");
      const csp = directives(headers["content-security-policy"]);
      expect(csp["default-src"]).toEqual(["'self'"]);
      expect(csp["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp["img-src"]).toEqual(["'self'", "data:", "https:"]);
      expect(csp["connect-src"]).toEqual(["'self'"]);
      expect(csp["object-src"]).toEqual(["'none'"]);
      expect(csp["base-uri"]).toEqual(["'self'"]);
      expect(csp["form-action"]).toEqual(["'self'"]);
      expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    },
  );

  it("matches with no parameters, so Next.js copies the header values instead of compiling them per request", async () => {
    for (const rule of await configuredRules()) {
      for (const pathname of ["/", "/api/jira/issue-updated", "/jira", "/jira/configure", "/o/acme/groups"]) {
        const params = getPathMatch(rule.source, { strict: true, removeUnnamedParams: true })(pathname);
        if (params !== false) expect(params, `${rule.source} on ${pathname}`).toEqual({});
      }
    }
  });

  it.each(["/jira", "/jira/configure", "/jira/link"])("defect 12: %s may be framed by Jira Cloud only", async (pathname) => {
    const headers = headersFor(await configuredRules(), pathname);
    expect(headers["x-frame-options"]).toBeUndefined();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    const csp = directives(headers["content-security-policy"]);
    expect(csp["frame-ancestors"]).toEqual(["https://*.atlassian.net", "https://*.jira.com"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
  });

  it("defect 12: allows eval only for `next dev`", () => {
    const scriptSrc = (development: boolean) => directives(headersFor(configModule.securityHeaders!({ development, env: {} }), "/signin")["content-security-policy"])["script-src"];
    expect(scriptSrc(true)).toContain("'unsafe-eval'");
    expect(scriptSrc(false)).not.toContain("'unsafe-eval'");
  });

  it("defect 12: sends HSTS when served over https only", async () => {
    const hsts = (env: Env, requestHeaders: Record<string, string> = {}) =>
      headersFor(configModule.securityHeaders!({ development: false, env }), "/o/acme/groups", requestHeaders)["strict-transport-security"];
    expect(hsts({ TETHER_BASE_URL: "http://localhost:3000" })).toBeUndefined();
    expect(hsts({})).toBeUndefined();
    expect(hsts({ TETHER_BASE_URL: "http://localhost:3000" }, { "x-forwarded-proto": "https" })).toMatch(/^max-age=\d{7,}/);
    expect(hsts({ TETHER_BASE_URL: "https://tether.example" })).toMatch(/^max-age=\d{7,}/);
    expect(hsts({ NEXTAUTH_URL: "https://tether.example" })).toMatch(/^max-age=\d{7,}/);
    expect(hsts({ TETHER_BASE_URL: "https://tether.example" }, {})).toBe(hsts({}, { "x-forwarded-proto": "https" }));
    // vitest's TETHER_BASE_URL is https: the configured rules send it everywhere.
    expect(headersFor(await configuredRules(), "/jira/configure")["strict-transport-security"]).toMatch(/^max-age=/);
  });
});
