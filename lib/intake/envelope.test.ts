import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AppError } from "@/lib/errors";
import { isEventItem, parseEnvelope, readEventPayload } from "./envelope";

const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const bytes = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part)));

function parseError(body: Buffer): AppError {
  try {
    parseEnvelope(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the envelope to be refused");
}

const eventJson = { event_id: "9ec79c33ec9942ab8353589fcb2e04dc", message: "Hello", level: "error" };

describe("parseEnvelope", () => {
  it("refuses with 413 an envelope with more items or event items than its limits, counting while it splits", () => {
    const items = (type: string, count: number) => Array.from({ length: count }, () => line({ type }) + "{}\n").join("");
    const limits = { maxItems: 10, maxEventItems: 3 };
    expect(parseEnvelope(bytes(line({}), items("event", 3), items("session", 7)), limits).items).toHaveLength(10);
    const tooManyEvents = (() => {
      try {
        parseEnvelope(bytes(line({}), items("event", 4)), limits);
      } catch (error) {
        return error;
      }
    })();
    expect(tooManyEvents).toBeInstanceOf(AppError);
    expect(tooManyEvents).toMatchObject({ status: 413, code: "too_many_items" });
    expect(() => parseEnvelope(bytes(line({}), items("session", 11)), limits)).toThrow(expect.objectContaining({ status: 413, code: "too_many_items" }));
    // The count stops the parse: an item past the limit is never read, even a malformed one.
    expect(() => parseEnvelope(bytes(line({}), items("session", 10), "not json\n"), limits)).toThrow(expect.objectContaining({ status: 413 }));
    // Without limits, any number.
    expect(parseEnvelope(bytes(line({}), items("event", 200))).items).toHaveLength(200);
  });

  it("reads the envelope header and an event item without length", () => {
    const envelope = parseEnvelope(
      bytes(line({ event_id: eventJson.event_id, dsn: "https://key@tether.test/42", sent_at: "2026-01-01T00:00:00Z", sdk: { name: "sentry.javascript.node" } }), line({ type: "event" }), JSON.stringify(eventJson)),
    );
    expect(envelope.headers).toEqual({
      event_id: eventJson.event_id,
      dsn: "https://key@tether.test/42",
      sent_at: "2026-01-01T00:00:00Z",
      sdk: { name: "sentry.javascript.node" },
    });
    expect(envelope.items).toHaveLength(1);
    const [item] = envelope.items;
    if (!item) throw new Error("no item");
    expect(isEventItem(item)).toBe(true);
    expect({ ...readEventPayload(item) }).toEqual(eventJson);
  });

  it("reads a payload by its length in bytes, newlines and multi-byte UTF-8 included", () => {
    const payload = Buffer.from('{"message":"Grüße 👋\\n","x":"日本"}\nline two ✓', "utf8");
    expect(payload.byteLength).toBeGreaterThan(payload.toString("utf8").length);
    for (const trailer of ["", "\n"]) {
      const envelope = parseEnvelope(bytes(line({}), line({ type: "attachment", length: payload.byteLength, filename: "a.txt" }), payload, trailer));
      expect(envelope.items).toHaveLength(1);
      expect(envelope.items[0]?.payload.equals(payload)).toBe(true);
      expect(envelope.items[0]?.headers).toEqual({ type: "attachment", length: payload.byteLength, filename: "a.txt" });
    }
  });

  it("reads several items of each kind, with or without a trailing newline", () => {
    const binary = Buffer.from([0, 10, 255, 10, 13, 128]);
    const body = bytes(
      line({ event_id: "abc" }),
      line({ type: "event", length: Buffer.byteLength(JSON.stringify(eventJson)) }),
      JSON.stringify(eventJson),
      "\n",
      line({ type: "attachment", length: binary.byteLength }),
      binary,
      "\n",
      line({ type: "session" }),
      line({ sid: "s1", status: "ok" }),
      line({ type: "client_report" }),
      JSON.stringify({ discarded_events: [] }),
    );
    for (const envelopeBody of [body, bytes(body, "\n")]) {
      const envelope = parseEnvelope(envelopeBody);
      expect(envelope.items.map((item) => item.headers.type)).toEqual(["event", "attachment", "session", "client_report"]);
      expect(envelope.items[1]?.payload.equals(binary)).toBe(true);
      expect(envelope.items[2]?.payload.toString()).toBe('{"sid":"s1","status":"ok"}');
      expect(envelope.items.filter(isEventItem)).toHaveLength(1);
    }
  });

  it("reads an envelope with a header only, and items with empty payloads", () => {
    expect(parseEnvelope(Buffer.from("{}")).items).toEqual([]);
    expect(parseEnvelope(Buffer.from("{}\n")).items).toEqual([]);
    const envelope = parseEnvelope(bytes(line({}), line({ type: "a", length: 0 }), "\n", line({ type: "b" }), "\n", '{"type":"c"}'));
    expect(envelope.items.map((item) => [item.headers.type, item.payload.byteLength])).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 0],
    ]);
  });

  it.each([
    ["an empty body", "", /envelope header is not valid JSON/],
    ["a non-JSON envelope header", "not json\n", /envelope header is not valid JSON/],
    ["an envelope header that is not an object", "[1]\n", /envelope header is not a JSON object/],
    ["an envelope header with a non-string dsn", '{"dsn":5}\n', /envelope header is invalid \(dsn\)/],
    ["a non-JSON item header", '{}\n{"type":\n{}', /item 0 header is not valid JSON/],
    ["an item header without type", '{}\n{"length":2}\nab', /item 0 header is invalid \(type\)/],
    ["an item header with an empty type", '{}\n{"type":""}\n{}', /item 0 header is invalid \(type\)/],
    ["a negative length", '{}\n{"type":"event","length":-1}\n', /item 0 header is invalid \(length\)/],
    ["a fractional length", '{}\n{"type":"event","length":1.5}\n', /item 0 header is invalid \(length\)/],
    ["a string length", '{}\n{"type":"event","length":"2"}\nab', /item 0 header is invalid \(length\)/],
    ["a length beyond the body", '{}\n{"type":"event","length":10}\n{}', /Item 0: length 10 goes beyond the body \(2 bytes left\)/],
    ["a length beyond the body in a later item", '{}\n{"type":"a"}\nx\n{"type":"b","length":3}\nxy', /Item 1: length 3 goes beyond/],
    ["a payload longer than its length", '{}\n{"type":"event","length":2}\n{}x\n', /Item 0: payload of length 2 is not followed by a newline/],
    ["an empty line between items", '{}\n{"type":"a"}\nx\n\n{"type":"b"}\ny', /Item 1: empty line where an item header was expected/],
    ["an empty line after the envelope header", '{}\n\n{"type":"a"}\nx', /Item 0: empty line/],
  ])("refuses %s with 400 naming what is wrong", (_name, body, message) => {
    const error = parseError(Buffer.from(body, "utf8"));
    expect(error.status).toBe(400);
    expect(error.code).toBe("malformed_envelope");
    expect(error.message).toMatch(message);
  });

  it("counts a length in bytes, so a multi-byte payload measured in characters is refused", () => {
    const payload = "ü✓";
    const error = parseError(bytes(line({}), line({ type: "event", length: payload.length }), payload));
    expect(error.status).toBe(400);
  });

  it("refuses an event payload that is not a JSON object, only when it is read", () => {
    for (const payload of ["{nope", "[1,2]", "null"]) {
      const envelope = parseEnvelope(bytes(line({}), line({ type: "event" }), payload));
      const [item] = envelope.items;
      if (!item) throw new Error("no item");
      expect(() => readEventPayload(item)).toThrow(expect.objectContaining({ status: 400, code: "malformed_envelope" }) as Error);
    }
  });

  it("gives back whatever items were serialized (property)", () => {
    const jsonValue = fc.jsonValue().map((value) => JSON.stringify(value) ?? "null");
    const item = fc.oneof(
      fc.record({ type: fc.constantFrom("attachment", "replay_recording", "statsd"), payload: fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array)), withLength: fc.constant(true) }),
      fc.record({ type: fc.constantFrom("event", "session", "client_report", "check_in"), payload: jsonValue.map((json) => Buffer.from(json, "utf8")), withLength: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.boolean(), (items, trailingNewline) => {
        const parts: Buffer[] = [Buffer.from(line({ event_id: "e1", sent_at: "2026-01-01T00:00:00Z" }))];
        items.forEach((entry, index) => {
          const headers = entry.withLength ? { type: entry.type, length: entry.payload.byteLength } : { type: entry.type };
          parts.push(Buffer.from(line(headers)), entry.payload);
          const last = index === items.length - 1;
          // A newline ends every payload but the last, where it is optional (trailingNewline).
          if (!last) parts.push(Buffer.from("\n"));
        });
        if (trailingNewline && items.length > 0) parts.push(Buffer.from("\n"));
        const envelope = parseEnvelope(Buffer.concat(parts));
        expect(envelope.headers).toEqual({ event_id: "e1", sent_at: "2026-01-01T00:00:00Z" });
        expect(envelope.items.map((parsed) => [parsed.headers.type, parsed.payload.toString("hex")])).toEqual(
          items.map((entry) => [entry.type, entry.payload.toString("hex")]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
