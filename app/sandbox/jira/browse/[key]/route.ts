import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { sandboxOff } from "@/lib/sandbox/rest-endpoint";
import { sandboxIssuePageUrl } from "@/lib/sandbox/issues";

export const dynamic = "force-dynamic";

/** GET /sandbox/jira/browse/{key} — where a linked issue's link leads: the Sandbox Jira page (membership checked there). */
export const GET = publicRoute<{ key: string }>(async ({ db, params, request }) => {
  const target = await sandboxIssuePageUrl(db, params.key);
  if (!target) return sandboxOff();
  return NextResponse.redirect(new URL(target, request.url), 303);
});
