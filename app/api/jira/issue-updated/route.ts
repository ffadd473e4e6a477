import { NextResponse } from "next/server";
import { jiraIssueUpdatedWebhook } from "@/lib/integrations/jira/issue-updated";
import { receiveWebhook } from "@/lib/integrations/webhook";
import { connectAuthFailure } from "../connect-responses";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/jira/issue-updated (§1, §3): the shared webhook pipeline with Jira's parts. Body and
 * payload errors are AppErrors the wrapper answers as 4xx JSON; a re-delivery answers 200 too.
 */
export const POST = publicRoute(async ({ db, request }) => {
  const outcome = await receiveWebhook(db, request, jiraIssueUpdatedWebhook);
  if (outcome.status === "unauthenticated") return connectAuthFailure(outcome);
  if (outcome.status === "duplicate") return NextResponse.json({ ok: true, duplicate: true });
  return NextResponse.json(outcome.result);
});
