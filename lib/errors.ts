import type { z } from "zod";

/**
 * An error a caller caused or may see, thrown by the domain and the integrations without knowing
 * the transport: `status` is the HTTP status the edge answers with (lib/http/errors.ts), and the CLI
 * prints `code` and `message` instead.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, "bad_request", message, details);
export const unauthorized = (message = "Authentication required") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "You do not have permission to do that") => new AppError(403, "forbidden", message);
export const notFound = (message = "Not found") => new AppError(404, "not_found", message);
export const conflict = (message: string, details?: unknown) => new AppError(409, "conflict", message, details);
export const payloadTooLarge = (limit: number) =>
  new AppError(413, "payload_too_large", `Request body is larger than ${limit} bytes`);
export const unsupportedMediaType = (message: string) => new AppError(415, "unsupported_media_type", message);

/** zod issues as `{ "path.to.field": ["message", …] }`, the shape forms and API clients read. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function validationError(error: z.ZodError, message = "Invalid request"): AppError {
  return new AppError(400, "validation_failed", message, { fields: fieldErrors(error) });
}

/** Validates a value already in hand; a mismatch is a 400 validation_failed naming each field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, message?: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, message);
  return parsed.data;
}
