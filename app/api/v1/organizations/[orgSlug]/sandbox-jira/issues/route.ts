import { NextResponse } from "next/server";
import { organizationRoute } from "@/lib/http/route";
import { listSandboxJiraIssues } from "@/lib/sandbox/issues";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/sandbox-jira/issues — the sandbox Jira site's issues and the groups linked to them (404 unless the sandbox is linked here). */
export const GET = organizationRoute(async ({ db, access }) => NextResponse.json(await listSandboxJiraIssues(db, access.organization.id)), { scope: "issues:read" });
