import { NextResponse } from "next/server";
import { z } from "zod";
import { describeError, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { logger } from "@/lib/logger";
import { isClientAbort } from "./client-abort";
import { AppError as ApiError, validationError } from "@/lib/errors";

// The error type lives in lib/errors.ts (the domain throws it without knowing HTTP); `ApiError` is
// its name at the edge, kept so route code reads as before.
export {
  AppError,
  AppError as ApiError,
  badRequest,
  conflict,
  fieldErrors,
  forbidden,
  notFound,
  payloadTooLarge,
  unauthorized,
  validationError,
} from "@/lib/errors";

export function errorBody(error: ApiError): Record<string, unknown> {
  return { error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } };
}

/** Seconds a client (Jira, Discord, an SDK) should wait before retrying during a database outage. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Maps anything thrown by a route handler to a response: a database outage is 503 with
 * Retry-After (senders retry instead of dropping), a client that hung up is noted at info, and
 * anything else unknown is logged and answered 500.
 */
export function errorResponse(error: unknown, request?: Request): NextResponse {
  if (error instanceof ApiError) {
    return NextResponse.json(errorBody(error), { status: error.status, headers: error.headers });
  }
  if (error instanceof z.ZodError) {
    const apiError = validationError(error);
    return NextResponse.json(errorBody(apiError), { status: apiError.status });
  }
  if (isDatabaseUnavailable(error)) {
    logger.error({ reason: describeError(error), path: pathOf(request) }, "database unavailable: answered 503");
    return NextResponse.json(
      { error: { code: "database_unavailable", message: "The database is unavailable right now; retry shortly" } },
      { status: 503, headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
  if (isClientAbort(error, request)) {
    logger.info({ reason: describeError(error), path: pathOf(request) }, "client closed the connection before the answer");
    // 499 (nginx's "client closed request"): nobody reads it, but access logs should not say 5xx.
    return NextResponse.json({ error: { code: "client_closed_request", message: "The request was aborted" } }, { status: 499 });
  }
  logger.error({ err: error }, "unhandled error in route handler");
  return NextResponse.json({ error: { code: "internal_error", message: "Something went wrong on our side" } }, { status: 500 });
}

function pathOf(request: Request | undefined): string | undefined {
  if (!request) return undefined;
  try {
    return new URL(request.url).pathname;
  } catch {
    return undefined;
  }
}
