/**
 * Where people reach this Tether from outside (links in Discord replies, Jira and messages):
 * TETHER_BASE_URL, else NEXTAUTH_URL, else localhost on PORT. No trailing slash.
 */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.TETHER_BASE_URL || env.NEXTAUTH_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
}
