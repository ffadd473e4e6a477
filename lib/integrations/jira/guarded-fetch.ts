import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { jiraAppSettings } from "./app-settings";
import { assertJiraSiteUrl, assertSiteAddress, checkedLookup, isSandboxSiteUrl, JiraSiteRefusedError, type Resolver, type SiteGuardSettings } from "./site-url-guard";

export interface JiraSiteResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export interface JiraSiteRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

// A Jira answer larger than this is not one Tether asked for (create-meta of a big project is ~1 MB).
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
// The sandbox site is Tether itself at its internal address: no address check applies to it.
const sandboxAgents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** Pooled connections are only reused by requests checked under the same rules. */
function agentsFor(settings: SiteGuardSettings, resolve?: Resolver) {
  const key = `${settings.allowInsecureSites}|${settings.allowedHostSuffixes.join(",")}`;
  if (resolve) {
    const lookup = checkedLookup(settings, resolve);
    return { http: new HttpAgent({ lookup }), https: new HttpsAgent({ lookup }) };
  }
  let pair = agents.get(key);
  if (!pair) {
    const lookup = checkedLookup(settings);
    pair = { http: new HttpAgent({ keepAlive: true, lookup }), https: new HttpsAgent({ keepAlive: true, lookup }) };
    agents.set(key, pair);
  }
  return pair;
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy(new Error(`The Jira site answered more than ${MAX_RESPONSE_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", reject);
    response.on("aborted", () => reject(new Error("The Jira site closed the connection mid-answer")));
  });
}

function headerReader(response: IncomingMessage): JiraSiteResponse["headers"] {
  return {
    get: (name) => {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The one way Tether calls a Jira site: scheme and host checked, every resolved address checked and
 * connected to as checked, and a redirect refused instead of followed (it could lead anywhere).
 * Throws JiraSiteRefusedError for a refused site; network failures and timeouts as thrown by node.
 */
export async function fetchJiraSite(
  url: URL,
  init: JiraSiteRequestInit,
  settings: SiteGuardSettings = jiraAppSettings(),
  resolve?: Resolver,
): Promise<JiraSiteResponse> {
  assertJiraSiteUrl(url, settings);
  const sandbox = isSandboxSiteUrl(url, settings);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // A literal address is never looked up, so it is checked here.
  if (isIP(host) && !sandbox) assertSiteAddress(host, host, settings);
  const { http, https } = sandbox ? sandboxAgents : agentsFor(settings, resolve);
  const secure = url.protocol === "https:";
  const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
  const response = await new Promise<IncomingMessage>((resolveResponse, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(url, {
      method: init.method,
      headers: { ...init.headers, ...(body ? { "Content-Length": String(body.byteLength) } : {}) },
      agent: secure ? https : http,
      signal: init.signal,
    });
    request.on("response", resolveResponse);
    request.on("error", reject);
    request.end(body);
  });
  if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400) {
    response.resume();
    const location = response.headers.location ?? "";
    let target = "another location";
    try {
      target = new URL(location, url).host;
    } catch {
      // An unreadable Location is refused all the same.
    }
    throw new JiraSiteRefusedError(`The Jira site answered ${response.statusCode} redirecting to ${target}; Tether does not follow redirects`);
  }
  const abort = () => response.destroy(init.signal?.reason instanceof Error ? init.signal.reason : new Error("aborted"));
  init.signal?.addEventListener("abort", abort, { once: true });
  try {
    const text = await readBody(response);
    return { status: response.statusCode ?? 0, headers: headerReader(response), text };
  } finally {
    init.signal?.removeEventListener("abort", abort);
  }
}
