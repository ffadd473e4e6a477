/**
 * The origins this deployment is reached at, from its configuration (TETHER_BASE_URL,
 * NEXTAUTH_URL). Behind a proxy the request's own URL may say http://internal-host while the
 * browser is on https://public-host; these name the latter.
 */
export function configuredOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const origins = new Set<string>();
  for (const value of [env.TETHER_BASE_URL, env.NEXTAUTH_URL]) {
    if (!value) continue;
    try {
      origins.add(new URL(value).origin);
    } catch {
      // A malformed setting names no origin; the request's own origin still applies.
    }
  }
  return [...origins];
}
