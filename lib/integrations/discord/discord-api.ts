import { PermanentSyncError, RetryAfterError } from "@/lib/integrations/provider";
import type { DiscordAppSettings } from "./app-settings";

// Every call Tether makes to Discord's REST API (behaviour.md §10): the bot token, a 5 s
// time-out, no redirects, and Discord's rate limits honoured. A 429 is waited out and the call
// retried exactly once; a second 429 (or a wait longer than a job should hold its worker) becomes
// RetryAfterError, so the job queue schedules the next attempt instead of looping here.

export const DISCORD_REQUEST_TIMEOUT_MS = 5_000;
/** A 429 asking for a longer wait than this is handed to the job queue instead of slept through. */
export const MAX_INLINE_RATE_LIMIT_WAIT_MS = 10_000;

/** Discord refused the call; `code` is Discord's JSON error code when it sent one (e.g. 10003 Unknown Channel). */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    readonly discordMessage: string,
  ) {
    super(`Discord answered ${status}${code === null ? "" : ` (code ${code})`}: ${discordMessage}`);
    this.name = "DiscordApiError";
  }
}

export interface DiscordRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under the API base, e.g. `/channels/123/messages`. */
  path: string;
  body?: unknown;
  /** Interaction follow-ups are authorized by their token in the path, not by the bot. */
  auth?: "bot" | "none";
}

type Sleep = (ms: number) => Promise<void>;
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What Discord's rate-limit headers said about each route's bucket: a route whose bucket has no
 * requests left waits for the bucket's reset before it is called again (Discord's documented
 * pre-emptive handling), so a burst of alerts to one channel never earns a 429 in the first place.
 */
export class DiscordRateLimits {
  private readonly bucketOfRoute = new Map<string, string>();
  private readonly resetAtOfBucket = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before calling this route now (0 when its bucket has requests left). */
  waitBefore(route: string): number {
    const bucket = this.bucketOfRoute.get(route);
    const resetAt = bucket === undefined ? undefined : this.resetAtOfBucket.get(bucket);
    if (resetAt === undefined) return 0;
    const wait = resetAt - this.now();
    if (wait <= 0 && bucket !== undefined) this.resetAtOfBucket.delete(bucket);
    return Math.max(0, wait);
  }

  /** Reads X-RateLimit-Bucket / -Remaining / -Reset-After of an answer. */
  observe(route: string, headers: Headers): void {
    const bucket = headers.get("x-ratelimit-bucket");
    if (!bucket) return;
    if (this.bucketOfRoute.size > 10_000) this.bucketOfRoute.clear();
    this.bucketOfRoute.set(route, bucket);
    const remaining = Number(headers.get("x-ratelimit-remaining"));
    const resetAfter = Number(headers.get("x-ratelimit-reset-after"));
    if (remaining === 0 && Number.isFinite(resetAfter) && resetAfter > 0) this.resetAtOfBucket.set(bucket, this.now() + resetAfter * 1000);
    else this.resetAtOfBucket.delete(bucket);
  }
}

/** The process's view of Discord's buckets (one bot token per process). */
export const discordRateLimits = new DiscordRateLimits();

/**
 * The route a rate-limit bucket belongs to: Discord keys buckets by the major parameter
 * (channel, guild, webhook), so ids other than those are folded.
 */
export function rateLimitRoute(method: string, path: string): string {
  const major = /^\/(channels|guilds|webhooks)\/(\d+)/.exec(path);
  const folded = path.replace(/\/\d{5,}/g, "/:id").replace(/\/webhooks\/:id\/[^/]+/, "/webhooks/:id/:token");
  return `${method} ${major ? `${major[1]}:${major[2]}` : ""} ${folded}`;
}

/** Seconds a 429 asks to wait: the JSON `retry_after` (fractional seconds) first, then Retry-After. */
async function retryAfterSeconds(response: Response): Promise<number> {
  const text = await response.text().catch(() => "");
  let fromBody: number | null = null;
  try {
    const parsed = JSON.parse(text) as { retry_after?: unknown };
    if (typeof parsed.retry_after === "number" && Number.isFinite(parsed.retry_after)) fromBody = parsed.retry_after;
  } catch {
    // Not JSON: the header decides.
  }
  const header = Number(response.headers.get("retry-after"));
  const seconds = fromBody ?? (Number.isFinite(header) ? header : 1);
  // Never zero: a 429 always waits a little, so nothing loops.
  return Math.min(Math.max(seconds, 0.05), 3600);
}

async function discordError(response: Response): Promise<DiscordApiError> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { code?: unknown; message?: unknown };
    return new DiscordApiError(response.status, typeof parsed.code === "number" ? parsed.code : null, typeof parsed.message === "string" ? parsed.message.slice(0, 300) : response.statusText);
  } catch {
    return new DiscordApiError(response.status, null, text.slice(0, 300) || response.statusText);
  }
}

export interface DiscordCallOptions {
  rateLimits?: DiscordRateLimits;
  sleep?: Sleep;
  timeoutMs?: number;
}

/**
 * Calls Discord and returns its JSON answer (null for 204). Throws DiscordApiError for a refusal
 * (4xx other than 429; the job records it and does not retry), RetryAfterError when still
 * rate-limited after one retry, and a plain Error for 5xx and network failures (retried with
 * backoff by the job queue).
 */
export async function callDiscord<T = unknown>(settings: Pick<DiscordAppSettings, "apiBaseUrl" | "botToken">, request: DiscordRequest, options: DiscordCallOptions = {}): Promise<T> {
  const limits = options.rateLimits ?? discordRateLimits;
  const wait = options.sleep ?? sleep;
  const route = rateLimitRoute(request.method, request.path);

  for (let attempt = 1; ; attempt++) {
    const ahead = limits.waitBefore(route);
    if (ahead > MAX_INLINE_RATE_LIMIT_WAIT_MS) throw new RetryAfterError(Math.ceil(ahead / 1000), `Discord rate limit: bucket resets in ${Math.ceil(ahead / 1000)}s`);
    if (ahead > 0) await wait(ahead);

    const response = await send(settings, request, options.timeoutMs ?? DISCORD_REQUEST_TIMEOUT_MS);
    // A 429's wait is taken here, once; its headers would only make the retry wait twice.
    if (response.status !== 429) limits.observe(route, response.headers);
    if (response.status === 429) {
      const seconds = await retryAfterSeconds(response);
      if (attempt > 1 || seconds * 1000 > MAX_INLINE_RATE_LIMIT_WAIT_MS) {
        throw new RetryAfterError(Math.ceil(seconds), `Discord rate limit (429): retry after ${seconds}s`);
      }
      await wait(seconds * 1000);
      continue;
    }
    if (response.status >= 500) throw new Error(`Discord answered ${response.status} ${response.statusText}`.trim());
    if (!response.ok) {
      const error = await discordError(response);
      if (response.status === 401) throw new PermanentSyncError(`${error.message} (check DISCORD_BOT_TOKEN)`);
      throw error;
    }
    if (response.status === 204) return null as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }
}

async function send(settings: Pick<DiscordAppSettings, "apiBaseUrl" | "botToken">, request: DiscordRequest, timeoutMs: number): Promise<Response> {
  const headers: Record<string, string> = { "user-agent": "DiscordBot (https://github.com/tether, 0.1.0)" };
  if (request.auth !== "none") headers.authorization = `Bot ${settings.botToken}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  try {
    return await fetch(`${settings.apiBaseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000}s` : error instanceof Error ? error.message : String(error);
    throw new Error(`Discord could not be reached: ${reason}`);
  }
}
