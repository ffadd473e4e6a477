import { NextResponse } from "next/server";
import { organizationRoute } from "@/lib/http/route";
import { changeSandboxJiraIssue, sandboxIssueChangeSchema } from "@/lib/sandbox/issues";

export const dynamic = "force-dynamic";

/**
 * PATCH /api/v1/organizations/{orgSlug}/sandbox-jira/issues/{issueKey} {statusId?, assigneeAccountId?} —
 * changes the sandbox issue as a Jira user would; the sandbox then sends Tether a signed jira:issue_updated webhook.
 */
export const PATCH = organizationRoute<{ orgSlug: string; issueKey: string }, typeof sandboxIssueChangeSchema>(
  async ({ db, access, params, body }) => NextResponse.json(await changeSandboxJiraIssue(db, { organizationId: access.organization.id, key: params.issueKey.toUpperCase(), change: body })),
  { scope: "issues:write", body: sandboxIssueChangeSchema, bodyLimit: 4 * 1024 },
);
