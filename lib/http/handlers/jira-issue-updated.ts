import { NextResponse } from "next/server";
import type { Db } from "@/lib/db/client";
import { parseJsonText, readRawBody } from "@/lib/http/body";
import { ConnectJwtError, extractConnectToken } from "@/lib/integrations/jira/connect-jwt";
import { verifyJiraSiteRequest, type JiraInstallation } from "@/lib/integrations/jira/installed-site";
import { applyJiraIssueUpdated } from "@/lib/integrations/jira/issue-updated";
import { connectAuthFailure } from "./jira-lifecycle";

const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * POST /api/jira/issue-updated (§1, §3): authenticate first, then read and parse the body, then
 * hand the payload to the Jira integration; its result is the 200 JSON answer.
 */
export async function handleJiraIssueUpdated(db: Db, request: Request): Promise<Response> {
  let installation: JiraInstallation;
  try {
    const token = extractConnectToken(request.headers.get("authorization"));
    installation = await verifyJiraSiteRequest(db, { token, method: request.method, url: request.url });
  } catch (error) {
    if (error instanceof ConnectJwtError) return connectAuthFailure(error);
    throw error;
  }
  // Body errors are AppErrors: the route wrapper answers them as 4xx JSON.
  const body = parseJsonText(await readRawBody(request, WEBHOOK_BODY_LIMIT));
  const result = await applyJiraIssueUpdated(db, installation, body, {
    id: request.headers.get("x-atlassian-webhook-identifier"),
    retry: request.headers.get("x-atlassian-webhook-retry"),
  });
  return NextResponse.json(result);
}
