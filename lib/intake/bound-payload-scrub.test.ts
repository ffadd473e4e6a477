import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundPayload } from "./bound-payload";
import { normalizeSentryEvent } from "./sentry-event";

// Data scrubbing as Sentry's relay does it by default, before the SDK's event is stored: values
// under sensitive keys anywhere (also query-string and header pairs) and card numbers become
// "[Filtered]"; everything else is kept as sent.

type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8")) as Json;
const F = "[Filtered]";
const VISA = "4111 1111 1111 1111";
const stored = (event: Json) => normalizeSentryEvent(event).payload as Json;
const serialized = (value: unknown) => JSON.stringify(value);

describe("scrubbing the stored payload", () => {
  it("filters a Python request's body, query string, env and secrets in extra and contexts", () => {
    const event = fixture("sentry-python-exception");
    const request = event.request as Json;
    request.query_string = "format=pdf&token=tok_live_123&api_key=k1&page=2";
    request.data = { username: "ana", password: "hunter2", card_number: "5555555555554444", nested: { client_secret: "cs_1", note: "keep me" } };
    request.headers = { ...(request.headers as Json), "X-Csrf-Token": "c1", "X-Request-Id": "r-1" };
    event.extra = { ...(event.extra as Json), db_passwd: "pw", aws_secret_access_key: "AKIA-secret", private_key: "-----BEGIN", ssn: "078-05-1120", order: 77 };
    event.contexts = { ...(event.contexts as Json), payment: { credit_card: VISA, amount: 12 }, auth: { bearer: "b" } };
    const payload = stored(event);
    const out = payload.request as Json;
    expect(out.query_string).toBe(`format=pdf&token=${F}&api_key=${F}&page=2`);
    expect(out.data).toEqual({ username: "ana", password: F, card_number: F, nested: { client_secret: F, note: "keep me" } });
    expect(out.cookies).toBe(F);
    expect(out.headers).toMatchObject({ Host: "billing.example.com", Authorization: F, Cookie: F, "X-Csrf-Token": F, "X-Request-Id": "r-1", "User-Agent": "curl/8.5.0" });
    expect(out.env).toEqual({ SERVER_NAME: "web-1", SERVER_PORT: "8000" });
    expect(payload.extra).toEqual({ "sys.argv": ["manage.py", "runserver"], db_passwd: F, aws_secret_access_key: F, private_key: F, ssn: F, order: 77 });
    expect((payload.contexts as Json).payment).toEqual({ credit_card: F, amount: 12 });
    expect((payload.contexts as Json).auth).toBe(F);
    const text = serialized(payload);
    for (const secret of ["hunter2", "tok_live_123", "cs_1", "AKIA-secret", "078-05-1120", "5555555555554444", "eyJhbGciOiJIUzI1NiJ9"]) expect(text).not.toContain(secret);
  });

  it("filters query strings sent as pairs, form bodies, URLs and header pairs", () => {
    const payload = boundPayload({
      request: {
        url: "https://api.example.com/v1/orders?session=s1&id=9#top",
        query_string: [["id", "9"], ["access_token", "at"], ["Password", "p"]],
        data: "user=ana&password=hunter2&remember=1",
        headers: [["Authorization", "Basic dTpw"], ["X-Auth-Token", "t"], ["Accept", "*/*"]],
      },
    }) as Json;
    expect(payload.request).toEqual({
      url: `https://api.example.com/v1/orders?session=${F}&id=9#top`,
      query_string: [["id", "9"], ["access_token", F], ["Password", F]],
      data: `user=ana&password=${F}&remember=1`,
      headers: [["Authorization", F], ["X-Auth-Token", F], ["Accept", "*/*"]],
    });
  });

  it("filters breadcrumb data and frame vars of a Node event", () => {
    const event = fixture("sentry-node-call-site-a");
    const crumbs = event.breadcrumbs as Json[];
    crumbs.push({ category: "http", type: "http", data: { method: "GET", url: "https://pay.example.com/charge?apikey=live_k&x=1", status_code: 200, sessionId: "s" } });
    const frames = (((event.exception as Json).values as Json[])[0].stacktrace as Json).frames as Json[];
    frames[frames.length - 1].vars = { userId: 42, password: "pw", opts: { authToken: "t", retries: 3 }, cvv: "123" };
    const payload = stored(event);
    const lastCrumb = (payload.breadcrumbs as Json[]).at(-1) as Json;
    expect(lastCrumb.data).toEqual({ method: "GET", url: `https://pay.example.com/charge?apikey=${F}&x=1`, status_code: 200, sessionId: F });
    const outFrames = (((payload.exception as Json).values as Json[])[0].stacktrace as Json).frames as Json[];
    expect(outFrames.at(-1)?.vars).toEqual({ userId: 42, password: F, opts: { authToken: F, retries: 3 }, cvv: "123" });
    // What is not secret stays: function names, file names, the first breadcrumbs.
    expect(serialized(outFrames)).toBe(serialized(outFrames).replace(/live_k/g, ""));
    expect((payload.breadcrumbs as Json[])[0]).toEqual(crumbs[0]);
  });

  it("filters values that look like card numbers (Luhn-valid, 13 to 19 digits), alone or inside text", () => {
    const payload = boundPayload({
      extra: {
        visa: VISA,
        amex: "3782-822463-10005",
        inText: `charge failed for card ${VISA} (declined)`,
        notLuhn: "4111 1111 1111 1112",
        orderId: "4000000000000001234567",
        millis: "1764132000123",
        phone: "+1 415 555 0100",
        count: 4111111111111111,
      },
    }) as Json;
    expect(payload.extra).toEqual({
      visa: F,
      amex: F,
      inText: `charge failed for card ${F} (declined)`,
      notLuhn: "4111 1111 1111 1112",
      orderId: "4000000000000001234567",
      millis: "1764132000123",
      phone: "+1 415 555 0100",
      count: 4111111111111111,
    });
  });

  it("keeps what only looks near a sensitive name, and structure the event page reads", () => {
    const event = fixture("sentry-browser-exception");
    const before = serialized(boundPayload(structuredClone(event)));
    expect(serialized(stored(event))).toBe(before);
    const payload = boundPayload({ extra: { classname: "Foo", passing: true, tokens_total: null, has_password: false } }) as Json;
    expect(payload.extra).toEqual({ classname: "Foo", passing: true, tokens_total: null, has_password: false });
  });
});

// Arbitrary JSON in which secrets are planted under sensitive names (as keys, pairs, query
// strings and URLs): none of them may reach the stored payload, whatever surrounds them.
const SECRET = "s3cr3t-value";
const sensitiveName = fc.constantFrom("password", "Authorization", "x-api-key", "csrftoken", "sessionid", "client_secret", "access_token", "private_key", "card_number", "ssn", "MYSQL_PWD");
const plain = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
const planted = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, plain, tie("object"), tie("array"), tie("secretPair"), tie("secretQuery"), tie("secretObject")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }).filter((key) => !/[a-z]/i.test(key)), tie("value"), { maxKeys: 4 }),
  secretObject: fc.tuple(sensitiveName, tie("value")).map(([name, rest]) => ({ [name]: SECRET, other: rest })),
  // A list of pairs (a lone two-item array is as likely a plain list, and relay leaves those).
  secretPair: sensitiveName.map((name) => [["id", "1"], [name, SECRET]]),
  secretQuery: fc.tuple(sensitiveName, fc.constantFrom("query_string", "url", "query")).map(([name, key]) => ({ [key]: `${key === "url" ? "https://x.test/p?" : ""}a=1&${encodeURIComponent(name)}=${SECRET}&b=2` })),
})).value;

describe("scrubbing arbitrary payloads", () => {
  it("never stores a value planted under a sensitive name", () => {
    fc.assert(
      fc.property(planted, (value) => {
        expect(JSON.stringify(boundPayload({ extra: value, request: { data: value } }))).not.toContain(SECRET);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves a query string without sensitive names as sent", () => {
    const name = fc.stringMatching(/^[a-z0-9_.%]{1,8}$/).filter((key) => !/pass|secret|key|auth|credential|pwd|token|bearer|session|cookie|csrf|xsrf|card|ssn/i.test(key));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.stringMatching(/^[a-z0-9%=+]{0,8}$/)), { minLength: 1, maxLength: 5 }), (pairs) => {
        const query = pairs.map(([k, v]) => `${k}=${v}`).join("&");
        expect((boundPayload({ request: { query_string: query } }) as { request: Json }).request.query_string).toBe(query);
      }),
    );
  });
});

describe("scrubbing what is shown outside the payload", () => {
  it("filters card numbers in the title, message, exception value, culprit and tags as well", () => {
    const event = normalizeSentryEvent({
      exception: { values: [{ type: "PaymentError", value: `card ${VISA} declined`, stacktrace: { frames: [{ function: "charge", filename: "pay.js", in_app: true }] } }] },
      logentry: { message: "charging %s", params: ["5555-5555-5555-4444"] },
      tags: { card: "378282246310005", plan: "pro" },
      transaction: `/pay/${VISA.replaceAll(" ", "")}`,
    });
    expect(event.title).toBe(`PaymentError: card ${F} declined`);
    expect(event.exception?.value).toBe(`card ${F} declined`);
    expect(event.message).toBe(`charging ${F}`);
    expect(event.culprit).toBe(`/pay/${F}`);
    expect(event.tags).toEqual({ card: F, plan: "pro" });
    expect(JSON.stringify(event)).not.toMatch(/4111|5555|378282/);
  });
});
