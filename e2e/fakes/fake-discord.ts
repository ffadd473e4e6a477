import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A fake Discord REST API (v10) speaking the endpoints Tether uses, with Discord's payload shapes:
// guild and channel lookups, channel messages, interaction follow-ups and command registration.
// It checks the bot token, records every request, and can be told to answer 429 (with
// `retry_after`, Retry-After and the X-RateLimit-* headers), 500 or a Discord error on demand.
// The signer makes interactions signed with a real Ed25519 key pair, as Discord signs them.

export interface DiscordRecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** The Authorization header was `Bot <the fake's token>`. */
  authorized: boolean;
  at: number;
}

export interface FakeDiscordChannel {
  id: string;
  guildId: string;
  name: string;
  /** 0 text, 2 voice, 4 category, 5 announcement (Discord's channel types). */
  type: number;
}

export interface FakeDiscordMessage {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
}

interface Failure {
  match: (method: string, path: string) => boolean;
  status: number;
  /** For 429: seconds in `retry_after` and Retry-After. */
  retryAfter?: number;
  body?: unknown;
  delayMs?: number;
  times: number;
}

export const FAKE_DISCORD_APPLICATION_ID = "1180000000000000001";
export const FAKE_DISCORD_BOT_TOKEN = "fake-discord-bot-token";

export class FakeDiscord {
  readonly requests: DiscordRecordedRequest[] = [];
  readonly guilds = new Map<string, { id: string; name: string }>();
  readonly channels = new Map<string, FakeDiscordChannel>();
  /** Messages posted to channels, in order. */
  readonly messages: FakeDiscordMessage[] = [];
  /** Interaction follow-ups: edits of the original reply and new follow-up messages, by token. */
  readonly followUps: Array<{ token: string; kind: "edit_original" | "create"; body: Record<string, unknown> }> = [];
  /** Registered application commands: global under "global", else by guild id. */
  readonly commands = new Map<string, unknown[]>();
  readonly applicationId: string;
  readonly botToken: string;
  private failures: Failure[] = [];
  private server: Server | null = null;
  private nextId = 1_190_000_000_000_000_000n;
  url = "";

  constructor(options: { applicationId?: string; botToken?: string } = {}) {
    this.applicationId = options.applicationId ?? FAKE_DISCORD_APPLICATION_ID;
    this.botToken = options.botToken ?? FAKE_DISCORD_BOT_TOKEN;
  }

  /** The base URL to put in DISCORD_API_BASE_URL. */
  get apiBaseUrl(): string {
    return `${this.url}/api/v10`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  addGuild(id: string, name: string): void {
    this.guilds.set(id, { id, name });
  }

  addChannel(channel: FakeDiscordChannel): void {
    this.channels.set(channel.id, channel);
  }

  /**
   * The next `times` (default 1) requests matching `match` (a substring of "METHOD /path" or a
   * RegExp over it) get `status`: 429 carries `retry_after` and the rate-limit headers.
   */
  failNext(match: string | RegExp, failure: Omit<Failure, "match" | "times"> & { times?: number }): void {
    const test = (method: string, path: string) => {
      const line = `${method} ${path}`;
      return typeof match === "string" ? line.includes(match) : match.test(line);
    };
    this.failures.push({ ...failure, match: test, times: failure.times ?? 1 });
  }

  requestsTo(method: string, pathPart: string): DiscordRecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path.includes(pathPart));
  }

  private id(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://fake-discord");
    const path = url.pathname.replace(/^\/api\/v10/, "");
    const text = await readText(req);
    // ── OAuth2 token exchange (install callback): form-encoded, answered before the JSON API ──
    if (method === "POST" && path === "/oauth2/token") return answerTokenExchange(this, req, res, text);
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        return json(res, 400, { message: "400: Bad Request", code: 50109 });
      }
    }
    const authorized = req.headers.authorization === `Bot ${this.botToken}`;
    this.requests.push({ method, path, body, authorized, at: Date.now() });

    const failure = this.failures.find((candidate) => candidate.times > 0 && candidate.match(method, path));
    if (failure) {
      failure.times -= 1;
      this.failures = this.failures.filter((candidate) => candidate.times > 0);
      if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
      if (failure.status === 429) {
        const retryAfter = failure.retryAfter ?? 0.1;
        res.writeHead(429, {
          "content-type": "application/json",
          "retry-after": String(Math.ceil(retryAfter)),
          "x-ratelimit-bucket": `bucket-${path.split("/").slice(0, 3).join("-")}`,
          "x-ratelimit-limit": "5",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset-after": String(retryAfter),
          "x-ratelimit-scope": "user",
        });
        res.end(JSON.stringify(failure.body ?? { message: "You are being rate limited.", retry_after: retryAfter, global: false }));
        return;
      }
      return json(res, failure.status, failure.body ?? { message: `${failure.status}: scripted failure`, code: 0 });
    }

    // Interaction follow-ups are authorized by the interaction token in the path.
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    if (webhook) {
      if (webhook[1] !== this.applicationId) return json(res, 404, { message: "Unknown Webhook", code: 10015 });
      const kind = webhook[3] ? "edit_original" : "create";
      if ((kind === "edit_original" && method !== "PATCH") || (kind === "create" && method !== "POST")) return json(res, 405, { message: "405: Method Not Allowed", code: 0 });
      this.followUps.push({ token: webhook[2] ?? "", kind, body: (body ?? {}) as Record<string, unknown> });
      return json(res, 200, { id: this.id(), channel_id: "0", ...(body as object) });
    }

    if (!authorized) return json(res, 401, { message: "401: Unauthorized", code: 0 });

    let match = /^\/guilds\/(\d+)$/.exec(path);
    if (match && method === "GET") {
      const guild = this.guilds.get(match[1] ?? "");
      return guild ? json(res, 200, { id: guild.id, name: guild.name, icon: null, owner_id: "1", features: [] }) : json(res, 404, { message: "Unknown Guild", code: 10004 });
    }
    match = /^\/guilds\/(\d+)\/channels$/.exec(path);
    if (match && method === "GET") {
      const guildId = match[1] ?? "";
      if (!this.guilds.has(guildId)) return json(res, 404, { message: "Unknown Guild", code: 10004 });
      return json(res, 200, [...this.channels.values()].filter((channel) => channel.guildId === guildId).map(channelJson));
    }
    match = /^\/channels\/(\d+)$/.exec(path);
    if (match && method === "GET") {
      const channel = this.channels.get(match[1] ?? "");
      return channel ? json(res, 200, channelJson(channel)) : json(res, 404, { message: "Unknown Channel", code: 10003 });
    }
    match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (match && method === "POST") {
      const channelId = match[1] ?? "";
      if (!this.channels.has(channelId)) return json(res, 404, { message: "Unknown Channel", code: 10003 });
      const message = { id: this.id(), channelId, body: (body ?? {}) as Record<string, unknown> };
      this.messages.push(message);
      return json(res, 200, { id: message.id, channel_id: channelId, type: 0, ...(body as object) }, { "x-ratelimit-bucket": `channel-${channelId}`, "x-ratelimit-remaining": "4", "x-ratelimit-reset-after": "1" });
    }
    match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (match && (method === "PUT" || method === "GET")) {
      if (match[1] !== this.applicationId) return json(res, 403, { message: "Missing Access", code: 50001 });
      const scope = match[2] ?? "global";
      if (method === "PUT") this.commands.set(scope, Array.isArray(body) ? body : []);
      const registered = (this.commands.get(scope) ?? []).map((command) => ({ id: this.id(), application_id: this.applicationId, version: "1", ...(command as object) }));
      return json(res, 200, registered);
    }
    return json(res, 404, { message: "404: Not Found", code: 0 });
  }
}

// ── OAuth2 install codes (POST /oauth2/token), for the "Add to Discord" callback ──
export interface FakeDiscordInstallCode {
  guildId: string;
  redirectUri: string;
  used: boolean;
}

export interface FakeDiscordOAuth {
  /** The application's client secret the token endpoint accepts (HTTP Basic with the application id). */
  clientSecret: string;
  /** Codes issued by `issueInstallCode`, by code. */
  codes: Map<string, FakeDiscordInstallCode>;
  /** Every token request: form fields and whether the client credentials were right. */
  tokenRequests: Array<{ form: Record<string, string>; clientAuthorized: boolean }>;
}

export const FAKE_DISCORD_CLIENT_SECRET = "fake-discord-client-secret";

const oauthOf = new WeakMap<FakeDiscord, FakeDiscordOAuth>();

/** The fake's OAuth2 side: the client secret, issued codes and the token requests it saw. */
export function fakeDiscordOAuth(discord: FakeDiscord): FakeDiscordOAuth {
  let oauth = oauthOf.get(discord);
  if (!oauth) {
    oauth = { clientSecret: FAKE_DISCORD_CLIENT_SECRET, codes: new Map(), tokenRequests: [] };
    oauthOf.set(discord, oauth);
  }
  return oauth;
}

let lastInstallCode = 0;

/** What Discord does when an admin picks a guild on the install page: a one-time code for that guild and redirect URI. */
export function issueInstallCode(discord: FakeDiscord, guildId: string, redirectUri: string): string {
  lastInstallCode += 1;
  const code = `install-code-${lastInstallCode}-${guildId}`;
  fakeDiscordOAuth(discord).codes.set(code, { guildId, redirectUri, used: false });
  return code;
}

/** POST /oauth2/token: a code issued for this application, its client secret and the same redirect URI; each code once. */
function answerTokenExchange(discord: FakeDiscord, req: IncomingMessage, res: ServerResponse, text: string): void {
  const oauth = fakeDiscordOAuth(discord);
  const form = Object.fromEntries(new URLSearchParams(text));
  const expected = `Basic ${Buffer.from(`${discord.applicationId}:${oauth.clientSecret}`).toString("base64")}`;
  const clientAuthorized = req.headers.authorization === expected || (form.client_id === discord.applicationId && form.client_secret === oauth.clientSecret);
  oauth.tokenRequests.push({ form, clientAuthorized });
  discord.requests.push({ method: "POST", path: "/oauth2/token", body: form, authorized: clientAuthorized, at: Date.now() });
  if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return json(res, 400, { error: "invalid_request", error_description: "form body expected" });
  if (!clientAuthorized) return json(res, 401, { error: "invalid_client" });
  if (form.grant_type !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
  const issued = oauth.codes.get(form.code ?? "");
  if (!issued || issued.used || issued.redirectUri !== form.redirect_uri) return json(res, 400, { error: "invalid_grant", error_description: 'Invalid "code" in request.' });
  issued.used = true;
  const guild = discord.guilds.get(issued.guildId) ?? { id: issued.guildId, name: `Guild ${issued.guildId}` };
  return json(res, 200, {
    token_type: "Bearer",
    access_token: `access-${form.code}`,
    expires_in: 604800,
    refresh_token: `refresh-${form.code}`,
    scope: "bot applications.commands",
    guild: { id: guild.id, name: guild.name, icon: null, owner_id: "1", features: [] },
  });
}
// ── end of OAuth2 install codes ──

function channelJson(channel: FakeDiscordChannel) {
  return { id: channel.id, guild_id: channel.guildId, name: channel.name, type: channel.type, position: 0, permission_overwrites: [] };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Signs interactions as Discord does: Ed25519 over `timestamp + body` with the application's key. */
export class DiscordInteractionSigner {
  readonly publicKeyHex: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    this.privateKey = privateKey;
    // The raw 32 key bytes are the tail of the SPKI encoding.
    this.publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
  }

  /** The two headers Discord sends; `timestamp` defaults to now (Unix seconds). */
  headers(body: string, timestamp: string = String(Math.floor(Date.now() / 1000))): Record<string, string> {
    const signature = sign(null, Buffer.from(timestamp + body, "utf8"), this.privateKey).toString("hex");
    return { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
  }
}

let lastInteractionId = 1_300_000_000_000_000_000n;

/** An interaction body as Discord sends it, with a fresh id (interactions are claimed by id). */
export function interactionBody(fields: Record<string, unknown>, applicationId: string = FAKE_DISCORD_APPLICATION_ID): string {
  lastInteractionId += 1n;
  return JSON.stringify({ id: lastInteractionId.toString(), application_id: applicationId, token: `interaction-token-${lastInteractionId}`, version: 1, ...fields });
}
