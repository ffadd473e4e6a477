// Next.js runs every route handler inside its work and request stores (what `cookies()` and
// `headers()` from next/headers read). next-auth's handler needs them, so in-process calls
// recreate them the way Next's app-route module does, from the same (externalised) Next.js
// modules the handler uses (setup.ts installs AsyncLocalStorage first, as Next's server does).
import { createRequire } from "node:module";
import type { NextRequest } from "next/server";

type Storage = { run<T>(store: unknown, fn: () => T): T };

const require = createRequire(import.meta.url);
const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store") as {
  createRequestStoreForAPI(req: NextRequest, url: URL, implicitTags: unknown, onUpdateCookies: undefined, previewProps: undefined): unknown;
};
const { createWorkStore } = require("next/dist/server/async-storage/work-store") as { createWorkStore(context: Record<string, unknown>): unknown };
const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external") as { workUnitAsyncStorage: Storage };
const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external") as { workAsyncStorage: Storage };

export function inNextRequestScope<T>(page: string, request: NextRequest, fn: () => Promise<T>): Promise<T> {
  const workStore = createWorkStore({ page, renderOpts: { experimental: {} }, buildId: "reliability", previouslyRevalidatedTags: [] });
  const requestStore = createRequestStoreForAPI(request, request.nextUrl, { tags: [], expirationsByCacheKind: new Map() }, undefined, undefined);
  return workUnitAsyncStorage.run(requestStore, () => workAsyncStorage.run(workStore, fn));
}
