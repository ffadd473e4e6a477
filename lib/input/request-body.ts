import type { z } from "zod";
import { AppError, badRequest, payloadTooLarge, validationError } from "@/lib/errors";
import { rejectUnstorableText } from "./unstorable-input";
import { parseUntrustedJson } from "@/lib/text/parse-untrusted-json";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Reads the raw body, refusing more than `limit` bytes before buffering it all. */
export async function readRawBody(request: Request, limit: number = DEFAULT_BODY_LIMIT): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface JsonTextOptions {
  /** Let NUL and unpaired surrogates through: only for a caller that refuses them itself (event ingestion, with the event's field path). */
  allowUnstorableText?: boolean;
}

/** Parses a JSON body and refuses text PostgreSQL cannot store anywhere in it (400 invalid_characters). */
export function parseJsonText(text: string, options: JsonTextOptions = {}): unknown {
  const value = parseJsonSyntax(text);
  if (!options.allowUnstorableText) rejectUnstorableText(value);
  return value;
}

function parseJsonSyntax(text: string): unknown {
  if (text.trim() === "") throw badRequest("Request body is empty; JSON expected");
  try {
    return parseUntrustedJson(text);
  } catch {
    throw new AppError(400, "malformed_json", "Request body is not valid JSON");
  }
}

/** Reads, size-checks, parses and validates a JSON body; every failure is a 4xx AppError. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  limit: number = DEFAULT_BODY_LIMIT,
  options: JsonTextOptions = {},
): Promise<z.infer<S>> {
  const value = parseJsonText(await readRawBody(request, limit), options);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export { parseWith } from "@/lib/errors";
