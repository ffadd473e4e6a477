import { z } from "zod";
import { parseUntrustedJson } from "@/lib/text/parse-untrusted-json";
import { signConnectJwt } from "./connect-jwt";
import { fetchJiraSite } from "./guarded-fetch";
import { JiraSiteRefusedError, type SiteGuardSettings } from "./site-url-guard";

/**
 * How a Jira call failed: an HTTP answer (`status`), no answer (`network`, status 0), a site Tether
 * refuses to call (`refused`), or a 2xx answer that does not have the shape Tether needs.
 */
export type JiraFailureKind = "http" | "network" | "refused" | "unexpected_answer";

/** A Jira REST call that did not succeed; `retryAfterSeconds` is set for 429/503 with Retry-After. */
export class JiraApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
    readonly retryAfterSeconds: number | null = null,
    readonly kind: JiraFailureKind = status === 0 ? "network" : "http",
  ) {
    super(message);
    this.name = "JiraApiError";
  }

  /** Whether asking again can give another answer: outages, rate limits and conflicts can; the rest cannot. */
  get transient(): boolean {
    if (this.kind === "network") return true;
    if (this.kind !== "http") return false;
    return this.status >= 500 || [408, 409, 425, 429].includes(this.status);
  }

  /** Jira's `{errors: {field: msg}, errorMessages: [...]}` as form errors. */
  fieldErrors(): Record<string, string[]> {
    const parsed = jiraErrorBodySchema.safeParse(this.body);
    if (!parsed.success) return {};
    const out: Record<string, string[]> = {};
    for (const [field, message] of Object.entries(parsed.data.errors ?? {})) out[field] = [message];
    if (parsed.data.errorMessages?.length) out.non_field_errors = parsed.data.errorMessages;
    return out;
  }
}

const jiraErrorBodySchema = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
});

export interface JiraSite {
  baseUrl: string;
  appKey: string;
  sharedSecret: string;
}

export interface JiraRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.min(3600, Math.ceil((date - Date.now()) / 1000)));
}

function describeFailure(status: number, body: unknown): string {
  const parsed = jiraErrorBodySchema.safeParse(body);
  const detail = parsed.success
    ? [...(parsed.data.errorMessages ?? []), ...Object.values(parsed.data.errors ?? {})].join("; ")
    : "";
  if (status === 401) return `Jira returned: Unauthorized${detail ? ` (${detail})` : ""}`;
  if (status === 403) return `Jira refused the request (403)${detail ? `: ${detail}` : ""}`;
  if (status === 404) return `Not found in Jira${detail ? `: ${detail}` : ""}`;
  if (typeof body === "string" && /<html/i.test(body)) return "Something went wrong while communicating with Jira";
  return detail ? `Jira returned ${status}: ${detail}` : `Jira returned ${status}`;
}

/**
 * Calls a Jira Cloud site as the installed Connect app: every request carries a fresh HS256 JWT
 * with the qsh of that request; responses are validated by the caller's zod schema.
 */
export class JiraRestClient {
  constructor(
    private readonly site: JiraSite,
    private readonly options: { timeoutMs?: number; guard?: SiteGuardSettings } = {},
  ) {}

  async request<S extends z.ZodType>(request: JiraRequest, schema: S): Promise<z.infer<S>> {
    const url = new URL(this.site.baseUrl.replace(/\/+$/, "") + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    // qsh is computed over the path relative to the site (Cloud sites have no context path).
    const contextPath = new URL(this.site.baseUrl).pathname.replace(/\/+$/, "");
    const signedUrl = new URL(url.toString());
    signedUrl.pathname = signedUrl.pathname.slice(contextPath.length) || "/";
    const token = await signConnectJwt({ appKey: this.site.appKey, sharedSecret: this.site.sharedSecret, method: request.method, url: signedUrl });
    let response: Awaited<ReturnType<typeof fetchJiraSite>>;
    try {
      response = await fetchJiraSite(url, {
        method: request.method,
        headers: {
          Authorization: `JWT ${token}`,
          Accept: "application/json",
          ...(request.body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      }, this.options.guard);
    } catch (error) {
      if (error instanceof JiraSiteRefusedError) throw new JiraApiError(0, error.message, null, null, "refused");
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new JiraApiError(0, timedOut ? "Jira did not answer in time" : "Cannot reach the Jira site", null);
    }
    const text = response.text;
    let body: unknown = text;
    if (text && (response.headers.get("content-type") ?? "").includes("json")) {
      try {
        body = parseUntrustedJson(text);
      } catch {
        body = text;
      }
    }
    if (response.status < 200 || response.status > 299) {
      throw new JiraApiError(response.status, describeFailure(response.status, body), body, parseRetryAfter(response.headers.get("retry-after")));
    }
    const parsed = schema.safeParse(text === "" ? null : body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `: ${issue.path.join(".") || "answer"} ${issue.message}` : "";
      throw new JiraApiError(response.status, `Unexpected response from Jira for ${request.method} ${request.path}${where}`, body, null, "unexpected_answer");
    }
    return parsed.data;
  }
}
