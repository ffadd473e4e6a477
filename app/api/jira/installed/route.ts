import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { jiraInstalledCallback } from "@/lib/integrations/jira/install-callbacks";
import { syncJiraSiteMetadata } from "@/lib/integrations/jira/install-lifecycle";
import { receiveWebhook } from "@/lib/integrations/webhook";
import { answerAsJiraDetail, connectAuthFailure } from "../connect-responses";

export const dynamic = "force-dynamic";

/** POST /api/jira/installed — behaviour.md §2.1, in Sentry's order, with [R] 400/401 instead of 500/409. */
export const POST = publicRoute(({ db, request }) =>
  answerAsJiraDetail(async () => {
    const outcome = await receiveWebhook(db, request, jiraInstalledCallback);
    if (outcome.status === "unauthenticated") return connectAuthFailure(outcome);
    if (outcome.status === "applied") {
      const integration = outcome.result;
      logger.info({ integrationId: integration.id }, "Jira site installed");
      // Naming the site is cosmetic: it must never delay or fail the install callback.
      void syncJiraSiteMetadata(db, integration.externalId).catch((err: unknown) => logger.warn({ err }, "Jira metadata sync failed"));
    }
    return new NextResponse(null, { status: 200 });
  }),
);
