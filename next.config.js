// Who may show Tether in a frame: nobody, except Jira Cloud for the pages under /jira (its admin
// UI embeds the configure page).
const ATLASSIAN_FRAME_ANCESTORS = "https://*.atlassian.net https://*.jira.com";
const ONE_YEAR = 365 * 24 * 60 * 60;

/** @param {{ development: boolean, frameAncestors: string }} options */
function contentSecurityPolicy({ development, frameAncestors }) {
  return [
    "default-src 'self'",
    // Next.js's app router streams inline bootstrap scripts. A nonce would need a proxy and every
    // page rendered per request; 'unsafe-inline' keeps pages static-capable, and React escaping
    // (not the policy) is what keeps injected markup out. `next dev` also evaluates code.
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/**
 * The security headers of every answer, as next.config `headers()` rules (later rules win).
 * HSTS goes out when the public URL is https, or when the proxy in front says the request came
 * over https; browsers ignore it on plain http, so a forged X-Forwarded-Proto achieves nothing.
 * @param {{ development?: boolean, env?: Record<string, string | undefined> }} [options]
 */
export function securityHeaders({ development = process.env.NODE_ENV === "development", env = process.env } = {}) {
  const common = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  ];
  const hsts = [{ key: "Strict-Transport-Security", value: `max-age=${ONE_YEAR}` }];
  const publicUrl = env.TETHER_BASE_URL ?? env.NEXTAUTH_URL ?? "";
  // The sources use unnamed groups, not named parameters (`/:path*`): when a rule's match has
  // parameters, Next.js compiles every header value holding a ":" (the CSP's `https:`) as a
  // destination template, on every request — about 2 % of a small API request's CPU.
  return [
    {
      source: "/((?!jira(?:/|$)).*)",
      headers: [...common, { key: "Content-Security-Policy", value: contentSecurityPolicy({ development, frameAncestors: "'none'" }) }, { key: "X-Frame-Options", value: "DENY" }],
    },
    {
      source: "/jira((?:/.*)?)",
      headers: [...common, { key: "Content-Security-Policy", value: contentSecurityPolicy({ development, frameAncestors: ATLASSIAN_FRAME_ANCESTORS }) }],
    },
    publicUrl.startsWith("https:")
      ? { source: "/(.*)", headers: hsts }
      : { source: "/(.*)", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: hsts },
  ];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time rather than bundled: PGlite's wasm and data files stay
  // out of the public static assets, and pg-boss keeps its own module graph.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg-boss", "pino", "@prisma/schema-engine-wasm", "bcryptjs"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Sentry SDKs post to /api/<id>/envelope/ with the slash and do not follow redirects: Next's
  // default 308 to the slash-less path would lose every event. proxy.ts keeps the redirect for pages.
  skipTrailingSlashRedirect: true,
  // Evaluated by `next build` (and live by `next dev`): the production server reads the built rules.
  headers: async () => securityHeaders(),
};

export default nextConfig;
