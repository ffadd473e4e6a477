// Base 36, like the ingestion API's `qualifiedShortId`: one format everywhere a short id is shown
// (API answers, Jira issue titles, the dashboard), so people can search for what they see.
const RADIX = 36;
// Group.shortId is a PostgreSQL integer: a bigger number is not a short id but a word ("payment-service").
const MAX_SHORT_ID = 2_147_483_647;

/** The short id people quote: project slug in upper case and the per-project number, e.g. API-1F. */
export function formatShortId(projectSlug: string, shortId: number): string {
  return `${projectSlug.toUpperCase()}-${shortId.toString(RADIX).toUpperCase()}`;
}

/** The project slug and number of a typed short id ("api-1f", "API-1F"), or null when it is not one. */
export function parseShortId(text: string): { projectSlug: string; shortId: number } | null {
  const match = /^([a-z0-9][a-z0-9_-]*)-([0-9a-z]{1,8})$/i.exec(text.trim());
  if (!match) return null;
  const shortId = Number.parseInt(match[2], RADIX);
  if (!Number.isSafeInteger(shortId) || shortId < 1 || shortId > MAX_SHORT_ID) return null;
  return { projectSlug: match[1].toLowerCase(), shortId };
}
