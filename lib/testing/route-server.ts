import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// Serves route handlers over real HTTP for tests that need Tether reachable at an address (the
// sandbox Jira site calls Tether, and Tether calls the sandbox, over HTTP).

// Each route declares its own params type; `never` lets any of them be listed here.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response> | Response;

export interface RouteEntry {
  method: string;
  /** A path pattern: `:name` takes one segment, `*rest` the remaining ones. */
  path: string;
  handler: Handler;
}

function match(pattern: string, path: string): Record<string, string | string[]> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith("*")) {
      params[want[i].slice(1)] = have.slice(i).map(decodeURIComponent);
      return params;
    }
    if (have[i] === undefined) return null;
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return have.length === want.length ? params : null;
}

export async function startRouteServer(routes: RouteEntry[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const method = req.method ?? "GET";
      for (const route of routes) {
        const params = route.method === method ? match(route.path, url.pathname) : null;
        if (!params) continue;
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
        const body = chunks.length && method !== "GET" ? Buffer.concat(chunks) : undefined;
        const response = await route.handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) as Promise<never> });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
        return;
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `no route for ${method} ${url.pathname}` }));
    })().catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
