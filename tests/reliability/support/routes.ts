// Every route file under app/api, found on disk so a new route cannot be left out of the suite,
// and a way to call its handlers in-process exactly as Next.js does (a NextRequest, async params).
import { readdirSync } from "node:fs";
import path from "node:path";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type RouteParams = Record<string, string | string[]>;
export type Handler = (request: Request, context: { params: Promise<RouteParams> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<Method, Handler>>;

const API_DIR = path.resolve("app/api");

/** Route keys relative to app/api, e.g. "v1/groups/[groupId]". */
export function routeKeys(dir: string = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return routeKeys(full);
      return entry.name === "route.ts" ? [path.relative(API_DIR, path.dirname(full)).split(path.sep).join("/")] : [];
    })
    .sort();
}

export async function loadRoute(key: string): Promise<RouteModule> {
  return (await import(path.join(API_DIR, key, "route.ts"))) as RouteModule;
}

export interface RouteHandler {
  key: string;
  method: Method;
  handler: Handler;
}

/** Every exported handler of every route file, sorted: the unit the fuzzer counts cases for. */
export async function routeHandlers(): Promise<RouteHandler[]> {
  const out: RouteHandler[] = [];
  for (const key of routeKeys()) {
    const routeModule = await loadRoute(key);
    for (const method of METHODS) {
      const handler = routeModule[method];
      if (typeof handler === "function") out.push({ key, method, handler });
    }
  }
  return out;
}

/** Dynamic segments of a route key: `[groupId]` → {name: "groupId", catchAll: false}. */
export function routeParams(key: string): { name: string; catchAll: boolean }[] {
  return [...key.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((match) => ({ name: match[2], catchAll: Boolean(match[1]) }));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// encodeURIComponent throws on lone surrogates; a client would send their replacement bytes.
const encodeSegment = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD"));

/** The public URL of a route with these params (the handler itself gets the params unencoded, as Next.js decodes them). */
export function routeUrl(key: string, params: RouteParams, query: [string, string][] = [], origin = "https://tether.test"): URL {
  const urlPath = key.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = params[name];
    return Array.isArray(value) ? value.map(encodeSegment).join("/") : encodeSegment(value ?? "");
  });
  const url = new URL(`${origin}/api/${urlPath}`);
  for (const [name, value] of query) url.searchParams.append(name, value);
  return url;
}
