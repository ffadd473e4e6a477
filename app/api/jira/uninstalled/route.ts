import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { jiraUninstalledCallback } from "@/lib/integrations/jira/install-callbacks";
import { receiveWebhook } from "@/lib/integrations/webhook";
import { connectAuthFailure } from "../connect-responses";

export const dynamic = "force-dynamic";

/** POST /api/jira/uninstalled — behaviour.md §2.2: the site's installation is disabled, its links kept. */
export const POST = publicRoute(async ({ db, request }) => {
  const outcome = await receiveWebhook(db, request, jiraUninstalledCallback);
  if (outcome.status === "unauthenticated") return connectAuthFailure(outcome);
  if (outcome.status === "applied") logger.info({ integrationId: outcome.result.id }, "Jira site uninstalled");
  return new NextResponse(null, { status: 200 });
});
