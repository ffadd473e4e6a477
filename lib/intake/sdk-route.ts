import { NextResponse } from "next/server";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { publicRoute } from "@/lib/http/route";
import type { BodySource } from "./decode-body";

// The envelope and store endpoints are called cross-origin by browser SDKs, so every answer
// (errors too) carries CORS headers, and the preflight is answered without touching anything.
// They read no session and set no cookie: the client key is the only credential.

const EXPOSED = "x-sentry-error, x-sentry-rate-limits, retry-after";

export const SDK_CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED,
};

const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...SDK_CORS_HEADERS,
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "x-sentry-auth, x-requested-with, x-forwarded-for, origin, accept, content-type, content-encoding, authentication, authorization, sentry-trace, baggage",
  "access-control-max-age": "3600",
};

export interface SdkIntakeContext {
  db: Db;
  request: Request;
  url: URL;
  projectId: string;
  body: BodySource;
}

type Params = { projectId: string };
type NextContext = { params: Promise<Params> };

/** A POST handler for an SDK endpoint: 200 with the handler's JSON, or Tether's JSON error; CORS headers on both. */
export function sdkIntakeRoute(handler: (ctx: SdkIntakeContext) => Promise<object>) {
  const inner = publicRoute<Params>(async ({ request, params, db }) => {
    try {
      const body = await handler({ db, request, url: new URL(request.url), projectId: params.projectId, body: request.body ?? new Uint8Array(0) });
      return NextResponse.json(body, { status: 200 });
    } catch (error) {
      throw error instanceof AppError ? withSentryError(error) : error;
    }
  });
  return async (request: Request, context: NextContext): Promise<Response> => {
    const response = await inner(request, context);
    for (const [name, value] of Object.entries(SDK_CORS_HEADERS)) response.headers.set(name, value);
    return response;
  };
}

/** Relay names the refusal in X-Sentry-Error too: SDKs log that header, not the body. */
function withSentryError(error: AppError): AppError {
  const reason = error.message.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
  return new AppError(error.status, error.code, error.message, error.details, { ...error.headers, "x-sentry-error": reason });
}

/** The CORS preflight browsers send before an SDK's first POST. */
export function sdkPreflight(): Response {
  return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
}
