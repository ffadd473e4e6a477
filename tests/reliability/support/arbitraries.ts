// What the fuzzer sends: hostile values of every kind, mixed with values that are valid for the
// route (real ids, real credentials, real signatures), so cases get past authentication and
// validation into the code behind them.
import fc from "fast-check";
import type { FuzzWorld } from "./fuzz-world";
import { routeParams, type Method } from "./routes";

// ───────────── strings ─────────────

const long = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Strings known to break parsers, databases and URL handling. */
const NASTY = [
  "", " ", "\u0000", "a\u0000b", "\uD800", "x\uDFFFy", "\uDBFF\uDBFF", "%00", "%ZZ", "%E0%A4%A", "%2F..%2F", "..%2f..%2f", "../../etc/passwd",
  "' OR '1'='1", "1; DROP TABLE \"Group\";--", "\\", "\"", "`", "$1", "${jndi:x}", "{{7*7}}", "<script>alert(1)</script>",
  "payment-service", "BACKEND-99999999999999999999", "BACKEND-2147483648", "APP-0", "-1", "0", "1e309", "99999999999999999999",
  "NaN", "Infinity", "null", "undefined", "true", "[]", "{}", "__proto__", "constructor", "toString", "prototype", "hasOwnProperty",
  "\u202e\u0645", "🦄", "e\u0301", "\r\n", "\t", "\u2028", "\uFEFF", "\uFFFF", "\u00ff\u00fe",
  long("a", 10_000), long("\u0000", 1000), long("é", 70_000), long("🦄", 3000), long("%", 5000),
];

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: codeUnit, maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })).map(([a, b]) => a + b), weight: 1 },
);

const PROTOTYPE_KEYS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype", "__defineGetter__"];
const keyArb = fc.oneof({ arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 1 }, { arbitrary: nastyString, weight: 2 });

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.constantFrom(0, -0, -1, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 0.1, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** Any JSON value; objects may carry prototype keys as own properties. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(keyArb, tie("value"), { maxKeys: 4 }),
})).value;

// ───────────── values by field name ─────────────

function plausible(world: FuzzWorld): Record<string, fc.Arbitrary<unknown>> {
  const id = fc.constantFrom(world.groupId, world.otherGroupId, world.integrationId, world.externalIssueId, world.syncEventId, world.ownerId);
  const jiraFields = fc.dictionary(
    fc.constantFrom("project", "issuetype", "title", "description", "summary", "priority", "labels", "assignee", "parent", "customfield_10010", "__proto__", "toString"),
    fc.oneof(fc.constantFrom("10000", "10001", "10002", "Fuzz title", "1", ["a", "b"], { id: "1" }), nastyString, anyJson),
    { maxKeys: 6 },
  );
  const changelogItem = fc.dictionary(
    fc.constantFrom("field", "fieldtype", "fieldId", "from", "to", "fromString", "toString", "__proto__", "constructor", "valueOf"),
    fc.oneof(fc.constantFrom("assignee", "status", "acc-alice", "10101", "1", null), nastyString, anyJson),
    { maxKeys: 7 },
  );
  const event = fc.dictionary(
    fc.constantFrom("eventId", "title", "message", "culprit", "level", "exception", "stacktrace", "tags", "user", "release", "environment", "timestamp", "fingerprint", "__proto__"),
    fc.oneof(
      fc.constantFrom("0123456789abcdef0123456789abcdef", "error", "fatal", "1.0.0", "production", "2026-11-25T12:00:00Z", 1_764_000_000, ["{{ default }}", "x"]),
      fc.constantFrom({ type: "TypeError", value: "x" }, { frames: [{ filename: "a.js", lineno: 1 }] }, { id: "u1" }, { browser: "x" }),
      nastyString,
      anyJson,
    ),
    { maxKeys: 6 },
  );
  return {
    // v1
    status: fc.oneof(fc.constantFrom("resolved", "unresolved", "ignored", "all"), nastyString),
    substatus: fc.oneof(fc.constantFrom("ongoing", "archived_until_escalating", "archived_forever", "archived_until_condition_met", null), nastyString),
    assignedTo: fc.oneof(fc.constantFrom(`user:${world.ownerId}`, `user:${world.memberId}`, `team:${world.teamId}`, "", null, "user:nobody"), nastyString),
    statusDetails: fc.oneof(
      fc.record(
        { inRelease: fc.oneof(fc.constant("latest"), nastyString), inNextRelease: fc.boolean(), ignoreDuration: fc.integer(), ignoreCount: fc.integer(), ignoreWindow: fc.integer() },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
    integrationId: fc.oneof(fc.constant(world.integrationId), id, nastyString),
    action: fc.oneof(fc.constantFrom("create", "link"), nastyString),
    fields: fc.oneof(jiraFields, anyJson),
    externalIssue: fc.oneof(fc.constantFrom("APP-1", "APP-2", "OPS-7", "", world.externalIssueKey), nastyString),
    comment: fc.oneof(fc.boolean(), anyJson),
    name: fc.oneof(fc.constantFrom("CI token", " "), nastyString),
    scopes: fc.oneof(fc.subarray(["issues:read", "issues:write", "events:write", "org:admin", "org:read", "nope"]), anyJson),
    rules: fc.oneof(fc.constantFrom("", "path:src/** #core", "* user@example.com", "tags.level:error team:core", `url:* ${"x".repeat(200)}`), nastyString),
    token: fc.oneof(fc.constant(world.siteLinkToken), nastyString),
    organization: fc.oneof(fc.constantFrom(world.orgSlug, world.otherOrgSlug), nastyString),
    sync_forward_assignment: fc.oneof(fc.boolean(), anyJson),
    sync_reverse_assignment: fc.oneof(fc.boolean(), anyJson),
    sync_status_reverse: fc.oneof(fc.boolean(), anyJson),
    sync_comments: fc.oneof(fc.boolean(), anyJson),
    link_back_comment: fc.oneof(fc.boolean(), anyJson),
    resolution_strategy: fc.oneof(fc.constantFrom("resolve", "resolve_current_release", "resolve_next_release"), nastyString),
    issues_ignored_fields: fc.oneof(fc.constantFrom("labels,priority", ["labels"]), nastyString, anyJson),
    sync_status_forward: fc.oneof(
      fc.dictionary(fc.oneof(fc.constantFrom("10000", "10001"), nastyString), fc.oneof(fc.record({ on_resolve: nastyString, on_unresolve: nastyString, also_resolved: fc.array(nastyString, { maxLength: 3 }) }), anyJson), { maxKeys: 3 }),
      anyJson,
    ),
    events: fc.oneof(fc.array(event, { maxLength: 5 }), anyJson),
    event,
    // Jira webhooks
    webhookEvent: fc.oneof(fc.constantFrom("jira:issue_updated", "jira:issue_created"), nastyString),
    timestamp: fc.oneof(fc.integer(), nastyString),
    issue: fc.oneof(
      fc.record(
        {
          key: fc.oneof(fc.constantFrom(world.externalIssueKey, "APP-2"), nastyString),
          id: fc.oneof(fc.constant("10001"), nastyString),
          fields: fc.oneof(
            fc.record({ assignee: fc.oneof(fc.constant(null), fc.record({ accountId: fc.oneof(fc.constant("acc-alice"), nastyString), emailAddress: fc.oneof(fc.constant("alice@example.com"), nastyString) })), project: fc.record({ id: fc.oneof(fc.constant("10000"), nastyString) }), status: anyJson, updated: nastyString }, { requiredKeys: [] }),
            anyJson,
          ),
        },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
    changelog: fc.oneof(fc.record({ items: fc.oneof(fc.array(changelogItem, { maxLength: 4 }), anyJson) }), anyJson),
    user: anyJson,
    // lifecycle
    key: fc.oneof(fc.constant("tether"), nastyString),
    clientKey: fc.oneof(fc.constantFrom(world.jira.clientKey, `spare-${world.jira.clientKey}`, "another-site"), nastyString),
    sharedSecret: fc.oneof(fc.constant(world.jira.sharedSecret ?? "x"), nastyString),
    baseUrl: fc.oneof(fc.constantFrom(world.jira.baseUrl, "https://acme.atlassian.net", "https://127.0.0.1:1", "http://[::1]/", "javascript:alert(1)"), nastyString),
    displayUrl: nastyString,
    productType: fc.oneof(fc.constant("jira"), nastyString),
    eventType: fc.oneof(fc.constantFrom("installed", "uninstalled"), nastyString),
    // next-auth (form fields)
    email: fc.oneof(fc.constantFrom("owner@example.com", "a@b.c"), nastyString),
    password: nastyString,
    csrfToken: nastyString,
    callbackUrl: fc.oneof(fc.constantFrom("/", "//evil.com", "/\\evil.com", "http://tether.invalid//evil.com", "https://evil.example/"), nastyString),
    // query names
    project: fc.oneof(fc.constantFrom(world.projectSlug, "10000"), nastyString),
    assigned: fc.oneof(fc.constantFrom("anyone", "me", "unassigned"), nastyString),
    query: fc.oneof(fc.constantFrom("payment-service", world.groupShortId, "is:unresolved", "TypeError"), nastyString),
    sort: fc.oneof(fc.constantFrom("last_seen", "first_seen", "events"), nastyString),
    page: fc.oneof(fc.constantFrom("1", "2", "0", "10001"), nastyString),
    limit: fc.oneof(fc.constantFrom("1", "20", "100", "101", "0"), nastyString),
    cursor: fc.oneof(fc.constantFrom("MTc2NDAwMDAwMDAwMHxhYmM", world.syncEventId), nastyString),
    // Group ids (the groups query) and Discord snowflakes (interaction ids, claimed once each).
    id: fc.oneof(fc.constantFrom(world.groupId, world.otherGroupId), fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n }).map(String), nastyString),
    integration: fc.oneof(fc.constant(world.integrationId), nastyString),
    issuetype: fc.oneof(fc.constantFrom("10001", "10002"), nastyString),
    field: fc.oneof(fc.constantFrom("assignee", "reporter", "parent"), nastyString),
    kind: fc.oneof(fc.constantFrom("user", "issue"), nastyString),
    outcome: fc.oneof(fc.constantFrom("applied", "failed", "pending"), nastyString),
    direction: fc.oneof(fc.constantFrom("inbound", "outbound"), nastyString),
    provider: fc.oneof(fc.constantFrom("jira", "discord"), nastyString),
    jwt: nastyString,
    // Discord interactions
    type: fc.oneof(fc.constantFrom(1, 2, 3, 3, 3, 4, 5), anyJson),
    application_id: fc.oneof(fc.constantFrom("1180000000000000001", "1"), nastyString),
    guild_id: fc.oneof(fc.constantFrom(world.discord.guildId, world.discord.guildId, "1999999999999999999"), nastyString),
    channel_id: fc.oneof(fc.constant("1500000000000000002"), nastyString),
    member: fc.oneof(fc.record({ user: fc.record({ id: fc.oneof(fc.constantFrom(world.discord.userId, world.discord.userId, "1999999999999999998"), nastyString) }) }), anyJson),
    data: fc.oneof(interactionData(world, true), anyJson),
  };
}

/** An interaction's `data`: commands and component clicks on the world's groups; `hostile` mixes in nasty strings. */
function interactionData(world: FuzzWorld, hostile: boolean): fc.Arbitrary<unknown> {
  const maybe = <T>(valid: fc.Arbitrary<T>) => (hostile ? fc.oneof(valid, nastyString) : valid);
  return fc.record(
    {
      name: maybe(fc.constantFrom("help", "link", "unlink", "LINK", "docs", "support", "", "nope")),
      custom_id: maybe(
        fc
          .tuple(
            fc.constantFrom("resolve", "unresolve", "archive", "mark_ongoing", "assign", "assign_dialog", "resolve_dialog", "", "resolvex"),
            fc.constantFrom(world.groupId, world.otherGroupId, world.groupShortId, "", "1", "0", "-1", "99999999999999999999"),
          )
          .map(([action, group]) => `${action}:${group}`),
      ),
      component_type: fc.constantFrom(2, 3),
      values: fc.array(maybe(fc.constantFrom(`user:${world.ownerId}`, `user:${world.memberId}`, `team:${world.teamId}`, "immediately", "inNextRelease", "inCurrentRelease")), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
}

/** Body fields and query names each route reads (a route not listed still gets every generic case). */
const HINTS: Record<string, { body?: string[]; query?: string[] }> = {
  "auth/[...nextauth]": { body: ["email", "password", "csrfToken", "callbackUrl", "json"], query: ["callbackUrl", "error"] },
  "jira/installed": { body: ["key", "clientKey", "sharedSecret", "baseUrl", "displayUrl", "productType", "eventType"] },
  "jira/uninstalled": { body: ["key", "clientKey", "baseUrl", "productType", "eventType"] },
  "jira/issue-updated": { body: ["webhookEvent", "timestamp", "issue", "changelog", "user"], query: ["user_id", "issue_key"] },
  "jira/link": { body: ["token", "organization"] },
  "discord/interactions": { body: ["id", "application_id", "type", "token", "guild_id", "channel_id", "member", "data"] },
  "v1/groups/[groupId]": { body: ["assignedTo", "status", "substatus", "statusDetails"] },
  "v1/groups/[groupId]/events": { query: ["cursor", "limit"] },
  "v1/groups/[groupId]/activity": { query: ["cursor", "limit", "outcome", "direction", "provider"] },
  "v1/groups/[groupId]/external-issues": { body: ["integrationId", "action", "fields", "externalIssue", "comment"] },
  "v1/groups/[groupId]/external-issues/form": { query: ["integration", "project", "issuetype"] },
  "v1/groups/[groupId]/external-issues/search": { query: ["integration", "field", "kind", "query", "project"] },
  "v1/organizations/[orgSlug]/api-tokens": { body: ["name", "scopes"] },
  "v1/organizations/[orgSlug]/groups": { body: ["assignedTo", "status", "substatus", "statusDetails"], query: ["status", "project", "assigned", "query", "sort", "page", "limit", "id"] },
  "v1/organizations/[orgSlug]/integrations/[integrationId]": {
    body: ["sync_forward_assignment", "sync_reverse_assignment", "sync_status_reverse", "sync_comments", "link_back_comment", "resolution_strategy", "issues_ignored_fields", "sync_status_forward"],
  },
  "v1/organizations/[orgSlug]/sync-events": { query: ["cursor", "limit", "outcome", "direction", "provider"] },
  "v1/projects/[orgSlug]/[projectSlug]/events": { body: ["events", "message", "title", "level", "release", "environment", "timestamp", "exception", "tags", "user", "fingerprint"] },
  "v1/projects/[orgSlug]/[projectSlug]/ownership": { body: ["rules"] },
};

const ALL_QUERY_NAMES = [...new Set(Object.values(HINTS).flatMap((hint) => hint.query ?? []))];

// ───────────── requests ─────────────

export type Credential =
  | { kind: "none" }
  | { kind: "cookie"; which: "owner" | "member" | "inactive" | "foreign" | "forged" }
  | { kind: "cookie-raw"; value: string }
  | { kind: "token"; which: "all" | "read" | "revoked" | "foreign" }
  | { kind: "authorization"; value: string }
  | { kind: "jira"; variant: "valid" | "wrong-secret" | "alg-none" | "expired" | "no-qsh" | "bad-qsh" | "no-exp" | "far-exp" | "wrong-alg"; iss?: string }
  | { kind: "install"; variant: "valid" | "wrong-kid" | "wrong-audience" | "expired"; iss?: string }
  | { kind: "discord"; variant: "valid" | "wrong-key" | "stale" | "no-timestamp" | "bad-hex" };

export type BodySpec =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "deep"; open: string; close: string; depth: number }
  | { kind: "oversize"; bytes: number; json: boolean };

export interface FuzzCase {
  params: Record<string, string | string[]>;
  query: [string, string][];
  credential: Credential;
  contentType: string | null;
  declaredLength: "none" | "true" | "zero" | "huge" | "garbage";
  origin: string | null;
  extraHeaders: [string, string][];
  body: BodySpec;
}

/** Header values a real HTTP client can send: latin-1 without control characters. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom("", " ", long("A", 8000), "\u00ff\u00fe", "%00", "Bearer", "JWT", "Basic Og==", "Bearer tth_", "Bearer tth_" + long("x", 300)),
);

const INVALID_UTF8 = [[0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0xff], [0xfe, 0xff], [0xc0, 0x80], [0x00]];

const bytesArb = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.array(fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.constant([...Buffer.from('{"name":"')]), fc.constant([...Buffer.from('"}')])), { minLength: 1, maxLength: 6 }).map(
    (parts) => Uint8Array.from(parts.flat()),
  ),
);

const CONTENT_TYPES = [
  "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16le", "application/json;charset=latin1", "text/plain",
  "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*", "application/json, text/plain",
  "APPLICATION/JSON", "application/jsonx", "application/merge-patch+json",
];

/** The limits the handlers enforce, each crossed by one byte, and far beyond. */
const OVERSIZES = [16 * 1024 + 1, 64 * 1024 + 1, 256 * 1024 + 1, 1024 * 1024 + 1, 5 * 1024 * 1024 + 1];

function credentialArb(key: string): fc.Arbitrary<Credential> {
  const jiraWebhook = key.startsWith("jira/") && key !== "jira/link";
  const iss = fc.option(nastyString, { nil: undefined, freq: 3 });
  const jira = fc.record({
    kind: fc.constant("jira" as const),
    variant: fc.constantFrom("valid", "valid", "valid", "wrong-secret", "alg-none", "expired", "no-qsh", "bad-qsh", "no-exp", "far-exp", "wrong-alg") as fc.Arbitrary<Extract<Credential, { kind: "jira" }>["variant"]>,
    iss,
  });
  const install = fc.record({
    kind: fc.constant("install" as const),
    variant: fc.constantFrom("valid", "valid", "wrong-kid", "wrong-audience", "expired") as fc.Arbitrary<Extract<Credential, { kind: "install" }>["variant"]>,
    iss,
  });
  const discord = fc.record({
    kind: fc.constant("discord" as const),
    variant: fc.constantFrom("valid", "valid", "valid", "valid", "wrong-key", "stale", "no-timestamp", "bad-hex") as fc.Arbitrary<Extract<Credential, { kind: "discord" }>["variant"]>,
  });
  const session = fc.record({ kind: fc.constant("cookie" as const), which: fc.constantFrom("owner", "owner", "owner", "member", "inactive", "foreign", "forged") as fc.Arbitrary<Extract<Credential, { kind: "cookie" }>["which"]> });
  const token = fc.record({ kind: fc.constant("token" as const), which: fc.constantFrom("all", "all", "all", "read", "revoked", "foreign") as fc.Arbitrary<Extract<Credential, { kind: "token" }>["which"]> });
  const hostile = fc.oneof(
    fc.constant<Credential>({ kind: "none" }),
    headerValue.map((value): Credential => ({ kind: "authorization", value })),
    headerValue.map((value): Credential => ({ kind: "authorization", value: `Bearer ${value}` })),
    headerValue.map((value): Credential => ({ kind: "cookie-raw", value: `next-auth.session-token=${value}` })),
  );
  if (key.startsWith("discord/")) return fc.oneof({ arbitrary: discord, weight: 6 }, { arbitrary: hostile, weight: 2 }, { arbitrary: session, weight: 1 });
  return jiraWebhook
    ? fc.oneof({ arbitrary: jira, weight: 5 }, { arbitrary: install, weight: key === "jira/installed" ? 5 : 1 }, { arbitrary: hostile, weight: 2 }, { arbitrary: session, weight: 1 })
    : fc.oneof({ arbitrary: session, weight: 4 }, { arbitrary: token, weight: 4 }, { arbitrary: hostile, weight: 2 }, { arbitrary: jira, weight: 1 });
}

function paramArb(world: FuzzWorld, name: string, catchAll: boolean): fc.Arbitrary<string | string[]> {
  if (catchAll) {
    const segment = fc.oneof(fc.constantFrom("signin", "signout", "session", "csrf", "providers", "callback", "error", "_log", "credentials", "verify-request"), nastyString);
    // A catch-all segment matches one or more segments: /api/auth itself is not this route.
    return fc.array(segment, { minLength: 1, maxLength: 3 });
  }
  const valid: Record<string, string[]> = {
    groupId: [world.groupId, world.otherGroupId],
    orgSlug: [world.orgSlug, world.orgSlug, world.otherOrgSlug],
    projectSlug: [world.projectSlug],
    integrationId: [world.integrationId],
    externalIssueId: [world.externalIssueId],
    tokenId: [world.victimTokenId],
    syncEventId: [world.syncEventId],
  };
  const choices = valid[name] ?? [];
  return choices.length ? fc.oneof({ arbitrary: fc.constantFrom(...choices), weight: 3 }, { arbitrary: nastyString, weight: 2 }) : nastyString;
}

function bodyArb(world: FuzzWorld, key: string, method: Method): fc.Arbitrary<BodySpec> {
  const values = plausible(world);
  const names = HINTS[key]?.body ?? [];
  const hinted = fc
    // Every field half of the time: a complete body is what gets past validation into the domain.
    .tuple(fc.oneof(fc.constant(names), fc.subarray(names)), fc.dictionary(keyArb, anyJson, { maxKeys: 2 }), fc.boolean())
    .chain(([picked, extra, withExtra]) =>
      fc.tuple(...picked.map((name) => values[name] ?? anyJson)).map((picks) => {
        // Own properties even for "__proto__": what JSON.parse produces from hostile text.
        const object: Record<string, unknown> = {};
        picked.forEach((name, index) => Object.defineProperty(object, name, { value: picks[index], enumerable: true, writable: true, configurable: true }));
        if (withExtra) for (const [name, value] of Object.entries(extra)) Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
        return object;
      }),
    );
  // Signed interactions reach the commands and components only with a well-formed envelope.
  const interaction = fc
    .record(
      {
        id: fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n }).map(String),
        type: fc.constantFrom(1, 2, 3, 3, 3),
        token: fc.constant("fuzz-token"),
        guild_id: fc.oneof({ arbitrary: fc.constantFrom(world.discord.guildId, world.discord.guildId, "1999999999999999999"), weight: 6 }, { arbitrary: values.guild_id, weight: 1 }),
        member: fc.oneof({ arbitrary: fc.constantFrom(world.discord.userId, world.discord.userId, "1999999999999999998").map((id) => ({ user: { id } })), weight: 6 }, { arbitrary: values.member, weight: 1 }),
        data: fc.oneof({ arbitrary: interactionData(world, false), weight: 6 }, { arbitrary: values.data, weight: 1 }),
        channel_id: fc.constant("1500000000000000002"),
      },
      { requiredKeys: ["id", "type", "token"] },
    )
    .map((value): BodySpec => ({ kind: "json", value: { application_id: "1180000000000000001", ...value } }));
  const jsonBodies: fc.Arbitrary<BodySpec> = fc.oneof(
    { arbitrary: interaction, weight: key === "discord/interactions" ? 6 : 0 },
    { arbitrary: hinted.map((value): BodySpec => ({ kind: "json", value })), weight: names.length ? 6 : 1 },
    { arbitrary: anyJson.map((value): BodySpec => ({ kind: "json", value })), weight: 2 },
    { arbitrary: fc.array(hinted, { maxLength: 3 }).map((value): BodySpec => ({ kind: "json", value })), weight: key.endsWith("/events") ? 2 : 0 },
  );
  const hostile: fc.Arbitrary<BodySpec> = fc.oneof(
    nastyString.map((text): BodySpec => ({ kind: "text", text })),
    bytesArb.map((bytes): BodySpec => ({ kind: "bytes", bytes })),
    fc.record({ open: fc.constantFrom("[", '{"a":', '{"__proto__":', '{"events":['), close: fc.constant(""), depth: fc.constantFrom(64, 1000, 10_000, 100_000) }).map(
      ({ open, depth }): BodySpec => ({ kind: "deep", open, close: open.startsWith("[") ? "]" : open === '{"events":[' ? "]}" : "}", depth }),
    ),
    fc.record({ bytes: fc.constantFrom(...OVERSIZES), json: fc.boolean() }).map((spec): BodySpec => ({ kind: "oversize", ...spec })),
    fc.constant<BodySpec>({ kind: "none" }),
  );
  const bodyless = method === "GET" || method === "DELETE";
  return bodyless ? fc.oneof({ arbitrary: fc.constant<BodySpec>({ kind: "none" }), weight: 6 }, { arbitrary: jsonBodies, weight: 1 }, { arbitrary: hostile, weight: 1 }) : fc.oneof({ arbitrary: jsonBodies, weight: 3 }, { arbitrary: hostile, weight: 2 });
}

function queryArb(world: FuzzWorld, key: string): fc.Arbitrary<[string, string][]> {
  const values = plausible(world);
  const names = HINTS[key]?.query ?? [];
  const known = fc.constantFrom(...(names.length ? names : ALL_QUERY_NAMES)).chain((name) =>
    fc.oneof(values[name] ?? nastyString, nastyString).map((value): [string, string] => [name, typeof value === "string" ? value : JSON.stringify(value) ?? ""]),
  );
  const random = fc.tuple(nastyString, nastyString);
  return fc.array(fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: random, weight: 1 }), { maxLength: 5 });
}

export function caseArbitrary(world: FuzzWorld, key: string, method: Method): fc.Arbitrary<FuzzCase> {
  const params = routeParams(key);
  return fc.record({
    params: fc.tuple(...params.map((param) => paramArb(world, param.name, param.catchAll))).map((values) => Object.fromEntries(params.map((param, index) => [param.name, values[index]]))),
    query: queryArb(world, key),
    credential: credentialArb(key),
    contentType: fc.oneof({ arbitrary: fc.constant("application/json"), weight: 6 }, { arbitrary: fc.constantFrom(null, ...CONTENT_TYPES), weight: 2 }, { arbitrary: headerValue, weight: 1 }),
    declaredLength: fc.constantFrom("none", "none", "none", "true", "zero", "huge", "garbage"),
    origin: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.constantFrom("https://tether.test", "https://tether.test", "https://evil.example", "null", "https://tether.test.evil.example"), weight: 2 }, { arbitrary: headerValue, weight: 1 }),
    extraHeaders: fc.array(
      fc.tuple(fc.constantFrom("x-forwarded-for", "x-real-ip", "x-atlassian-webhook-identifier", "accept", "accept-encoding", "content-encoding", "referer", "x-forwarded-proto", "x-forwarded-host", "host", "cookie"), headerValue),
      { maxLength: 3 },
    ),
    body: bodyArb(world, key, method),
  });
}
