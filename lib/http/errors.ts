import { NextResponse } from "next/server";
import { z } from "zod";
import { describeError, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { logger } from "@/lib/logger";
import { isClientAbort } from "./client-abort";

/** An error the client caused or may see: always answered as JSON with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, "bad_request", message, details);
export const unauthorized = (message = "Authentication required") => new ApiError(401, "unauthorized", message);
export const forbidden = (message = "You do not have permission to do that") => new ApiError(403, "forbidden", message);
export const notFound = (message = "Not found") => new ApiError(404, "not_found", message);
export const conflict = (message: string, details?: unknown) => new ApiError(409, "conflict", message, details);
export const payloadTooLarge = (limit: number) =>
  new ApiError(413, "payload_too_large", `Request body is larger than ${limit} bytes`);

/** zod issues as `{ "path.to.field": ["message", …] }`, the shape forms and API clients read. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function validationError(error: z.ZodError, message = "Invalid request"): ApiError {
  return new ApiError(400, "validation_failed", message, { fields: fieldErrors(error) });
}

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
