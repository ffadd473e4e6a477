import { randomBytes, randomUUID } from "node:crypto";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as envelopeRoute from "@/app/api/[projectId]/envelope/route";
import * as storeRoute from "@/app/api/[projectId]/store/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import { disableProjectKey } from "@/lib/domain/projects/set-project-key-active";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";

// The SDK endpoints over real HTTP, as SDKs call them: every way of naming the key, every
// compression, envelopes with and without item lengths, and each refusal with its status and no
// event written.

type Encoding = "gzip" | "deflate" | "br" | "none";

const compress = (body: Buffer, encoding: Encoding): Buffer =>
  encoding === "gzip" ? zlib.gzipSync(body) : encoding === "deflate" ? zlib.deflateSync(body) : encoding === "br" ? zlib.brotliCompressSync(body) : body;

const eventId = () => randomUUID().replaceAll("-", "");

function errorEvent(id: string, type = "TypeError", value = "x is undefined", fn = "handler"): Record<string, unknown> {
  return {
    event_id: id,
    timestamp: Date.now() / 1000,
    platform: "node",
    level: "error",
    exception: { values: [{ type, value, stacktrace: { frames: [{ filename: "app/server.js", function: fn, lineno: 10, in_app: true }] } }] },
  };
}

interface Item {
  type: string;
  payload: string | Buffer;
  /** Write the item header's length (default true). */
  length?: boolean;
  extra?: Record<string, unknown>;
}

function envelope(header: Record<string, unknown>, items: Item[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`)];
  for (const item of items) {
    const payload = Buffer.isBuffer(item.payload) ? item.payload : Buffer.from(item.payload);
    const itemHeader = { type: item.type, ...(item.length === false ? {} : { length: payload.byteLength }), ...item.extra };
    parts.push(Buffer.from(`${JSON.stringify(itemHeader)}\n`), payload, Buffer.from("\n"));
  }
  return Buffer.concat(parts);
}

describe.each(await testDatabaseKinds())("SDK endpoints on %s", (kind) => {
  let database: Database;
  let server: { url: string; stop: () => Promise<void> };
  let ingestId: number;
  let publicKey: string;
  let otherIngestId: number;
  let otherKey: string;
  let organizationId: string;
  let projectId: string;

  const eventCount = () => database.prisma.event.count({ where: { projectId } });
  const envelopeUrl = (query = `sentry_key=${publicKey}&sentry_version=7`, id: number | string = ingestId, slash = "/") =>
    `${server.url}/api/${id}/envelope${slash}${query ? `?${query}` : ""}`;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    organizationId = organization.id;
    projectId = project.id;
    ingestId = (await db.project.findUniqueOrThrow({ where: { id: project.id } })).ingestId;
    publicKey = (await createProjectKey(db, { organizationId, project: project.slug })).key.publicKey;
    const other = await db.project.create({ data: { organizationId, slug: "other", name: "Other" } });
    otherIngestId = other.ingestId;
    otherKey = (await createProjectKey(db, { organizationId, project: other.slug })).key.publicKey;
    server = await startRouteServer([
      { method: "POST", path: "/api/:projectId/envelope", handler: envelopeRoute.POST },
      { method: "OPTIONS", path: "/api/:projectId/envelope", handler: envelopeRoute.OPTIONS },
      { method: "POST", path: "/api/:projectId/store", handler: storeRoute.POST },
      { method: "OPTIONS", path: "/api/:projectId/store", handler: storeRoute.OPTIONS },
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    setDatabase(undefined);
    await database?.close();
  });

  async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}) {
    const response = await fetch(url, { method: "POST", body: typeof body === "string" ? body : new Uint8Array(body), headers: { "content-type": "text/plain;charset=UTF-8", ...headers } });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Asserted through `text` where it matters.
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  /** A refusal: its status, Tether's JSON error body, CORS headers, and no event stored. */
  async function expectRefused(request: Promise<Awaited<ReturnType<typeof post>>>, status: number) {
    const before = await eventCount();
    const answer = await request;
    expect(answer.status, answer.text).toBe(status);
    expect(answer.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("x-sentry-error")).toBeTruthy();
    expect(await eventCount()).toBe(before);
    return answer;
  }

  it.each(["gzip", "deflate", "br", "none"] as const)("stores an envelope's event sent with %s, with and without item lengths", async (encoding) => {
    for (const length of [true, false]) {
      const id = eventId();
      const body = compress(envelope({ event_id: id, sent_at: new Date().toISOString() }, [{ type: "event", payload: JSON.stringify(errorEvent(id)), length }]), encoding);
      const answer = await post(envelopeUrl(), body, encoding === "none" ? {} : { "content-encoding": encoding });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({ id });
      expect(answer.headers.get("access-control-allow-origin")).toBe("*");
      expect(answer.headers.get("access-control-expose-headers")).toContain("x-sentry-rate-limits");
      expect(answer.headers.get("set-cookie")).toBeNull();
      expect(await database.prisma.event.count({ where: { projectId, eventId: id } })).toBe(1);
    }
  });

  it("stores both events of an envelope, drops sessions, client reports and attachments, and answers the header's event id", async () => {
    const [first, second] = [eventId(), eventId()];
    const body = envelope({ event_id: first }, [
      { type: "event", payload: JSON.stringify(errorEvent(first)) },
      { type: "session", payload: JSON.stringify({ sid: randomUUID(), status: "ok" }), length: false },
      { type: "client_report", payload: JSON.stringify({ discarded_events: [] }) },
      { type: "attachment", payload: randomBytes(64), extra: { filename: "dump.bin" } },
      { type: "event", payload: JSON.stringify(errorEvent(second, "RangeError", "bad", "other")) },
      { type: "transaction", payload: JSON.stringify({ type: "transaction" }) },
      { type: "something_new", payload: "{}" },
    ]);
    const answer = await post(envelopeUrl(), body);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({ id: first });
    expect(await database.prisma.event.count({ where: { projectId, eventId: { in: [first, second] } } })).toBe(2);
  });

  it("answers {} to an envelope without events, and the first event's id when the header has none", async () => {
    const empty = await post(envelopeUrl(), envelope({}, [{ type: "session", payload: "{}" }]));
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({});
    const id = eventId();
    const answer = await post(envelopeUrl(), envelope({}, [{ type: "event", payload: JSON.stringify(errorEvent(id)) }]));
    expect(answer.json).toEqual({ id });
  });

  it("takes the key from X-Sentry-Auth, the query, or the envelope header's dsn", async () => {
    const viaHeader = eventId();
    const header = await post(envelopeUrl(""), envelope({}, [{ type: "event", payload: JSON.stringify(errorEvent(viaHeader)) }]), {
      "x-sentry-auth": `Sentry sentry_key=${publicKey}, sentry_version=7, sentry_client=sentry.python/2.0.0`,
    });
    expect(header.status, header.text).toBe(200);
    const viaDsn = eventId();
    const dsn = await post(envelopeUrl(""), envelope({ dsn: `http://${publicKey}@tether.test/${ingestId}`, event_id: viaDsn }, [{ type: "event", payload: JSON.stringify(errorEvent(viaDsn)) }]));
    expect(dsn.status, dsn.text).toBe(200);
    expect(dsn.json).toEqual({ id: viaDsn });
    expect(await database.prisma.event.count({ where: { projectId, eventId: { in: [viaHeader, viaDsn] } } })).toBe(2);
  });

  it("stores an event posted to /store/, with and without the trailing slash", async () => {
    for (const slash of ["/", ""]) {
      const id = eventId();
      const answer = await post(`${server.url}/api/${ingestId}/store${slash}`, zlib.gzipSync(JSON.stringify(errorEvent(id))), {
        "content-encoding": "gzip",
        "content-type": "application/json",
        "x-sentry-auth": `Sentry sentry_key=${publicKey}, sentry_version=7`,
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({ id });
    }
  });

  it("reads the base64 deflated body old SDKs post to /store/", async () => {
    const id = eventId();
    const answer = await post(`${server.url}/api/${ingestId}/store/?sentry_key=${publicKey}`, zlib.deflateSync(JSON.stringify(errorEvent(id))).toString("base64"));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({ id });
  });

  it("answers the envelope endpoint without the trailing slash too", async () => {
    const id = eventId();
    const answer = await post(envelopeUrl(undefined, ingestId, ""), envelope({ event_id: id }, [{ type: "event", payload: JSON.stringify(errorEvent(id)) }]));
    expect(answer.status).toBe(200);
  });

  it("answers the CORS preflight", async () => {
    for (const path of ["envelope", "store"]) {
      const response = await fetch(`${server.url}/api/${ingestId}/${path}/`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-sentry-auth" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")).toContain("POST");
      for (const name of ["x-sentry-auth", "content-type", "content-encoding", "sentry-trace", "baggage"]) {
        expect(response.headers.get("access-control-allow-headers")).toContain(name);
      }
      expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    }
  });

  describe("refusals, each writing nothing", () => {
    const oneEvent = () => {
      const id = eventId();
      return envelope({ event_id: id }, [{ type: "event", payload: JSON.stringify(errorEvent(id)) }]);
    };

    it("400 for a malformed envelope or an event item that is not JSON", async () => {
      await expectRefused(post(envelopeUrl(), "not an envelope\n{}"), 400);
      await expectRefused(post(envelopeUrl(), envelope({}, [{ type: "event", payload: "{}" }]).subarray(0, 20)), 400);
      const id = eventId();
      await expectRefused(
        post(envelopeUrl(), envelope({ event_id: id }, [{ type: "event", payload: JSON.stringify(errorEvent(id)) }, { type: "event", payload: "{not json" }])),
        400,
      );
      await expectRefused(post(`${server.url}/api/${ingestId}/store/?sentry_key=${publicKey}`, "[1, 2]"), 400);
    });

    it("stores NUL and lone surrogates an SDK sends as U+FFFD, in values and keys, instead of refusing the event", async () => {
      const hostile = (id: string) => ({
        ...errorEvent(id, "Type\u0000Error", "half \ud83d pair"),
        message: "a\u0000b",
        tags: { "area\u0000": "web\udc00" },
        extra: { "k\ud800": { "\u0000": ["x\u0000", { "\udfff": "y" }] } },
      });
      for (const send of ["envelope", "store"] as const) {
        const id = eventId();
        const answer =
          send === "envelope"
            ? await post(envelopeUrl(), envelope({ event_id: id }, [{ type: "event", payload: JSON.stringify(hostile(id)) }]))
            : await post(`${server.url}/api/${ingestId}/store/?sentry_key=${publicKey}`, JSON.stringify(hostile(id)));
        expect(answer.status, answer.text).toBe(200);
        const stored = await database.prisma.event.findFirstOrThrow({ where: { projectId, eventId: id } });
        const text = JSON.stringify(stored);
        expect(text).not.toContain("\\u0000");
        expect(text).not.toMatch(/\\ud[89a-f]/i);
        expect(stored.message).toContain("\ufffd");
        expect(JSON.stringify(stored.payload)).toContain("k\ufffd");
      }
    });

    it("401 without a key, 403 for an unknown, another project's or a disabled key", async () => {
      await expectRefused(post(envelopeUrl(""), oneEvent()), 401);
      await expectRefused(post(`${server.url}/api/${ingestId}/store/`, JSON.stringify(errorEvent(eventId()))), 401);
      await expectRefused(post(envelopeUrl(""), oneEvent(), { "x-sentry-auth": "Bearer nope" }), 401);
      const unknown = await expectRefused(post(envelopeUrl(`sentry_key=${"0".repeat(32)}`), oneEvent()), 403);
      const malformed = await expectRefused(post(envelopeUrl("sentry_key=nope"), oneEvent()), 403);
      const foreign = await expectRefused(post(envelopeUrl(`sentry_key=${otherKey}`), oneEvent()), 403);
      // The same answer for each: nothing tells an unknown key from another project's.
      expect(new Set([unknown.text, malformed.text, foreign.text]).size).toBe(1);
      await expectRefused(post(envelopeUrl(`sentry_key=${otherKey}`, otherIngestId.toString()).replace(`/${otherIngestId}/`, `/${ingestId}/`), oneEvent()), 403);
      // The envelope's dsn naming another project than the path.
      const id = eventId();
      await expectRefused(post(envelopeUrl(""), envelope({ dsn: `http://${otherKey}@tether.test/${otherIngestId}`, event_id: id }, [{ type: "event", payload: JSON.stringify(errorEvent(id)) }])), 403);
      await expectRefused(post(envelopeUrl(), envelope({ dsn: `http://${publicKey}@tether.test/${otherIngestId}`, event_id: id }, [{ type: "event", payload: JSON.stringify(errorEvent(id)) }])), 403);

      const { key } = await createProjectKey(database.prisma, { organizationId, project: "backend", label: "Soon disabled" });
      expect((await post(envelopeUrl(`sentry_key=${key.publicKey}`), oneEvent())).status).toBe(200);
      await disableProjectKey(database.prisma, { organizationId, project: "backend", keyId: key.id });
      await expectRefused(post(envelopeUrl(`sentry_key=${key.publicKey}`), oneEvent()), 403);
    });

    it("404 for a project id that is not a number or not a project", async () => {
      await expectRefused(post(envelopeUrl(undefined, "abc"), oneEvent()), 404);
      await expectRefused(post(envelopeUrl(undefined, "0"), oneEvent()), 404);
      await expectRefused(post(`${server.url}/api/12x/store/?sentry_key=${publicKey}`, "{}"), 404);
      await expectRefused(post(envelopeUrl(undefined, 2_000_000_000), oneEvent()), 404);
      await expectRefused(post(envelopeUrl(undefined, 99_999_999_999), oneEvent()), 404);
    });

    it("413 for an oversized event, envelope or zip bomb; 415 for an unknown encoding", async () => {
      const huge = JSON.stringify({ ...errorEvent(eventId()), extra: { blob: "x".repeat(1024 * 1024 + 10) } });
      await expectRefused(post(envelopeUrl(), envelope({}, [{ type: "event", payload: huge }])), 413);
      await expectRefused(post(`${server.url}/api/${ingestId}/store/?sentry_key=${publicKey}`, huge), 413);
      await expectRefused(post(envelopeUrl(), envelope({}, [{ type: "attachment", payload: Buffer.alloc(5 * 1024 * 1024) }])), 413);
      const bomb = zlib.gzipSync(Buffer.concat([oneEvent(), Buffer.alloc(64 * 1024 * 1024, 0x20)]));
      expect(bomb.byteLength).toBeLessThan(200_000);
      await expectRefused(post(envelopeUrl(), bomb, { "content-encoding": "gzip" }), 413);
      await expectRefused(post(envelopeUrl(), oneEvent(), { "content-encoding": "zstd" }), 415);
      await expectRefused(post(envelopeUrl(), Buffer.from("not gzip at all"), { "content-encoding": "gzip" }), 400);
    });

    it("413 for an envelope with more than 100 event items or 1,000 items in all, before anything is stored", async () => {
      const events = (count: number) => Array.from({ length: count }, () => ({ type: "event", payload: JSON.stringify(errorEvent(eventId(), "TypeError", "x", `fn${randomBytes(4).toString("hex")}`)) }));
      await expectRefused(post(envelopeUrl(), envelope({}, events(101))), 413);
      await expectRefused(post(envelopeUrl(), envelope({}, [...events(1), ...Array.from({ length: 1000 }, () => ({ type: "client_report", payload: "{}" }))])), 413);
      // 20,000 tiny items: refused while splitting.
      const tiny = Buffer.from(`{}\n${'{"type":"event"}\n{}\n'.repeat(20_000)}`);
      await expectRefused(post(envelopeUrl(), tiny), 413);
      const before = await eventCount();
      expect((await post(envelopeUrl(), envelope({}, events(100)))).status).toBe(200);
      expect(await eventCount()).toBe(before + 100);
    });

    it("429 with Retry-After and X-Sentry-Rate-Limits once a key's per-minute limit is used, and events again in the next minute", async () => {
      const { key } = await createProjectKey(database.prisma, { organizationId, project: "backend", label: "Limited", rateLimitPerMinute: 3 });
      const url = envelopeUrl(`sentry_key=${key.publicKey}`);
      // Off the minute's edge, so the whole test runs in one window.
      const second = new Date().getSeconds();
      if (second > 50) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
      for (let i = 0; i < 3; i++) expect((await post(url, oneEvent())).status).toBe(200);
      const limited = await expectRefused(post(url, oneEvent()), 429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.headers.get("x-sentry-rate-limits")).toBe(`${retryAfter}::key:key_quota`);
      expect(limited.headers.get("access-control-expose-headers")).toContain("retry-after");
      // Envelopes without events are not counted nor refused.
      expect((await post(url, envelope({}, [{ type: "client_report", payload: "{}" }]))).status).toBe(200);
      // The next minute, as every instance sees it: the window row is from an earlier minute.
      await database.prisma.projectKeyRateWindow.update({ where: { keyId: key.id }, data: { windowStart: new Date(Date.now() - 120_000) } });
      expect((await post(url, oneEvent())).status).toBe(200);
      expect((await database.prisma.projectKeyRateWindow.findUniqueOrThrow({ where: { keyId: key.id } })).count).toBe(1);
      // A key without a limit never gets a row.
      expect(await database.prisma.projectKeyRateWindow.count()).toBe(1);
    });
  });
});
