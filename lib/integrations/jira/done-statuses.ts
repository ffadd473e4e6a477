import { listStatuses } from "./rest-resources";
import type { JiraRestClient } from "./signed-rest-client";

// Which Jira statuses are in the "done" category, per integration. A short-lived read cache:
// statuses rarely change, and a stale answer for a minute is harmless (design: in-memory caches
// only as short-lived read caches).
const CACHE_MS = 60_000;
const cache = new Map<string, { ids: Set<string>; expiresAt: number }>();

export async function doneStatusIds(integrationId: string, client: JiraRestClient): Promise<Set<string>> {
  const hit = cache.get(integrationId);
  if (hit && hit.expiresAt > Date.now()) return hit.ids;
  const statuses = await listStatuses(client);
  const ids = new Set(statuses.filter((s) => s.statusCategory?.key === "done").map((s) => s.id));
  cache.set(integrationId, { ids, expiresAt: Date.now() + CACHE_MS });
  return ids;
}

export function forgetDoneStatuses(integrationId?: string): void {
  if (integrationId) cache.delete(integrationId);
  else cache.clear();
}

export type InboundStatusAction = "resolve" | "unresolve" | "none";

/**
 * Only a crossing into or out of "resolved" matters (§3.2): resolve when the issue moves into a
 * resolved status from one that is not, unresolve for the reverse, nothing otherwise.
 * `resolved` = the done category plus [R] the extra statuses a Jira project maps as resolved.
 */
export function decideInboundStatus(from: string | null, to: string | null, resolved: Set<string>): InboundStatusAction {
  const wasResolved = from !== null && resolved.has(from);
  const isResolved = to !== null && resolved.has(to);
  if (isResolved && !wasResolved) return "resolve";
  if (wasResolved && !isResolved) return "unresolve";
  return "none";
}
