import type { Db } from "@/lib/db/client";
import { sandboxJiraIssueUrl } from "./settings";

/**
 * Points the sandbox's linked issues (and their activity entries) at the public browse route.
 * Rows seeded before that, or under another public address, named the internal URL; every start
 * puts them right, so a changed TETHER_BASE_URL follows too. Answers how many rows it changed.
 */
export async function refreshSandboxIssueLinks(db: Db, integrationId: string): Promise<number> {
  const issues = await db.externalIssue.findMany({ where: { integrationId }, select: { id: true, key: true, webUrl: true } });
  let changed = 0;
  for (const issue of issues) {
    const url = sandboxJiraIssueUrl(issue.key);
    if (issue.webUrl !== url) {
      await db.externalIssue.update({ where: { id: issue.id }, data: { webUrl: url } });
      changed += 1;
    }
  }
  // Activity keeps the link as it was shown; the sandbox's only ever led to its own browse route.
  for (const issue of issues) {
    changed += await db.$executeRaw`
      UPDATE "Activity" SET data = jsonb_set(data, '{location}', to_jsonb(${sandboxJiraIssueUrl(issue.key)}::text))
       WHERE data->>'integrationId' = ${integrationId} AND data->>'label' = ${issue.key}
         AND data ? 'location' AND data->>'location' IS DISTINCT FROM ${sandboxJiraIssueUrl(issue.key)}`;
  }
  return changed;
}
