import { z } from "zod";
import { badRequest } from "@/lib/errors";
import type { GroupSort } from "./list-groups-query";

/**
 * A keyset position in the groups list: the sort key and id of the row to continue after
 * ("next") or before ("previous"). Opaque to clients (base64url JSON), validated when it comes back.
 */
export interface GroupsCursor {
  sort: GroupSort;
  direction: "next" | "previous";
  /** Epoch milliseconds for the date sorts, the count for events and users. */
  key: number;
  id: string;
}

const cursorSchema = z
  .object({
    s: z.enum(["last_seen", "first_seen", "events", "users"]),
    d: z.enum(["n", "p"]),
    k: z.number().int().min(0).max(8.64e15),
    i: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();

export function encodeGroupsCursor(cursor: GroupsCursor): string {
  const body = { s: cursor.sort, d: cursor.direction === "next" ? "n" : "p", k: cursor.key, i: cursor.id };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** The cursor a client sent back; anything tampered with or from another sort is a 400. */
export function decodeGroupsCursor(raw: string, sort: GroupSort): GroupsCursor {
  let json: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error("not base64url");
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badRequest("cursor is not one this list gave out");
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw badRequest("cursor is not one this list gave out");
  const cursor: GroupsCursor = { sort: parsed.data.s, direction: parsed.data.d === "n" ? "next" : "previous", key: parsed.data.k, id: parsed.data.i };
  // Base64 decoding forgives stray characters: only the exact text this list gave out is accepted.
  if (encodeGroupsCursor(cursor) !== raw) throw badRequest("cursor is not one this list gave out");
  if (cursor.sort !== sort) throw badRequest("cursor belongs to another sort order: start again from the first page");
  return cursor;
}
