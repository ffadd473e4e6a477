import { readdirSync } from "node:fs";
import path from "node:path";

// Route discovery for the suites that must cover every route handler (tests/isolation.test.ts,
// tests/unstorable-text.test.ts): a route added anywhere under app/ fails them until it is listed.

const APP_DIR = path.resolve("app");
const API_DIR = path.join(APP_DIR, "api");

/**
 * Every route.ts under app/: those under app/api by their path below it ("v1/..."), any other by
 * its URL path from the root ("/sandbox/jira/rest/[...path]").
 */
export function routeFiles(dir: string = APP_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const folder = path.dirname(full);
    const underApi = folder === API_DIR || folder.startsWith(`${API_DIR}${path.sep}`);
    return [underApi ? path.relative(API_DIR, folder).split(path.sep).join("/") : `/${path.relative(APP_DIR, folder).split(path.sep).join("/")}`];
  });
}

const routeFile = (key: string) => (key.startsWith("/") ? path.join(APP_DIR, key, "route.ts") : path.join(API_DIR, key, "route.ts"));

/** The URL path a route key is served at, before its parameters are filled in. */
export const routeUrlPath = (key: string) => (key.startsWith("/") ? key : `/api/${key}`);

/** The route module of a key routeFiles gave, typed as the caller's handler map. */
export async function loadRoute<M>(key: string): Promise<M> {
  return (await import(routeFile(key))) as M;
}
