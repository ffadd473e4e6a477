import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { maxEventBodyBytes, parseEventPayload } from "./schema";

describe("parseEventPayload", () => {
  const fields = (body: unknown): Record<string, string[]> => {
    try {
      parseEventPayload(body);
    } catch (error) {
      if (error instanceof AppError) return (error.details as { fields: Record<string, string[]> }).fields;
    }
    throw new Error("expected a validation error");
  };

  it("accepts one event, a batch object and a bare array", () => {
    expect(parseEventPayload({ message: "a" })).toHaveLength(1);
    expect(parseEventPayload({ events: [{ message: "a" }, { title: "b" }] })).toHaveLength(2);
    expect(parseEventPayload([{ message: "a" }])[0].level).toBe("error");
  });

  it("names the failing field with its index path", () => {
    expect(Object.keys(fields({ events: [{ message: "ok" }, { message: "ok" }, { message: "ok" }, { message: "x", level: "loud" }] }))).toEqual(["events.3.level"]);
    expect(Object.keys(fields([{ message: "ok" }, { title: 5 }]))).toEqual(["1.title"]);
    expect(fields({ level: "info" })).toHaveProperty("message");
    expect(fields({ message: "x", extra: 1 })).toHaveProperty("_");
    expect(fields({ message: "x", timestamp: Date.now() / 1000 + 2 * 86400 })).toHaveProperty("timestamp");
    expect(fields({ message: "x", eventId: "nothex" })).toHaveProperty("eventId");
    expect(fields({ message: "x", timestamp: 1e300 })).toEqual({ timestamp: ["Timestamp is out of range"] });
    expect(fields({ message: "x", timestamp: "yesterday" })).toHaveProperty("timestamp");
    expect(fields({ message: "x", tags: { ["k".repeat(33)]: "v" } })).toHaveProperty(["tags", "k".repeat(33)].join("."));
    expect(fields({ events: Array.from({ length: 1001 }, () => ({ message: "x" })) })).toHaveProperty("events");
    expect(fields({ events: [] })).toHaveProperty("events");
    expect(() => parseEventPayload("text")).toThrow(AppError);
    expect(fields({ events: [{ message: "ok" }, { message: "a\u0000b" }] })).toHaveProperty(["events.1.message"]);
    expect(fields({ message: "x", tags: { k: "\ud800" } })).toHaveProperty(["tags.k"]);
  });

  it("reads the body limit from the environment", () => {
    expect(maxEventBodyBytes({})).toBe(1024 * 1024);
    expect(maxEventBodyBytes({ TETHER_MAX_EVENT_BODY_BYTES: "2048" })).toBe(2048);
    expect(maxEventBodyBytes({ TETHER_MAX_EVENT_BODY_BYTES: "lots" })).toBe(1024 * 1024);
  });
});
