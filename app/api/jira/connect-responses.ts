import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { ConnectJwtError } from "@/lib/integrations/jira/connect-jwt";

// Answers shared by the Jira Connect routes (installed, uninstalled, issue-updated): Atlassian's
// `{detail}` body, and one 401 for every authentication failure.

/** Jira lifecycle errors keep Atlassian/Sentry's `{detail}` body. */
export function jiraDetail(status: number, detail: string): NextResponse {
  return NextResponse.json({ detail }, { status });
}

/** [R] One 401 for every authentication failure (Sentry: 409, which Jira re-delivers for 30 min). */
export function connectAuthFailure(error: ConnectJwtError | { reason: string; message: string }): NextResponse {
  const reason = error instanceof ConnectJwtError ? error.failure : error.reason;
  return NextResponse.json({ detail: error.message, error: { code: "invalid_connect_jwt", reason, message: error.message } }, { status: 401 });
}

/** Runs a lifecycle handler, answering its 4xx AppErrors (body, payload, token refusals) as `{detail}`. */
export async function answerAsJiraDetail(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return jiraDetail(error.status, error.message);
    throw error;
  }
}
