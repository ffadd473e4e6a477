import { z } from "zod";
import { IntegrationProvider, SyncDirection, SyncKind, SyncOutcome } from "@/lib/generated/prisma/enums";

/**
 * Where a page of the sync history starts: the created-at time and id of the last row of the
 * previous page (newest first, id breaking ties). Opaque to callers: base64url of "<ms>.<id>".
 */
export interface SyncEventCursor {
  createdAt: Date;
  id: string;
}

export function encodeSyncEventCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.getTime()}.${row.id}`, "utf8").toString("base64url");
}

const cursorSchema = z
  .string()
  .min(1)
  .max(200)
  .transform((text, ctx): SyncEventCursor => {
    const decoded = /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, "base64url").toString("utf8") : "";
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(decoded);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "Not a cursor this API handed out (use nextCursor of the previous page)" });
      return z.NEVER;
    }
    return { createdAt: new Date(Number(match[1])), id: match[2] };
  });

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day (2026-11-20, read in UTC, as the date inputs send it) or an exact time with its offset.
 * `end` makes a day mean "up to the end of that day", so from=to=one day lists that day.
 */
const moment = (end: boolean) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "Expected a date (YYYY-MM-DD) or an ISO 8601 time" }).transform((text) => {
    const at = new Date(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
    return DATE_ONLY.test(text) && end ? new Date(at.getTime() + DAY_MS) : at;
  });

/**
 * The sync history's filters, as the page keeps them in its URL and the API reads them from its
 * query string. `group` is a group's id or its short id (API-1F).
 */
export const syncEventFiltersSchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: cursorSchema.optional(),
    provider: z.enum(IntegrationProvider).optional(),
    kind: z.enum(SyncKind).optional(),
    direction: z.enum(SyncDirection).optional(),
    outcome: z.enum(SyncOutcome).optional(),
    group: z.string().trim().min(1).max(100).optional(),
    from: moment(false).optional(),
    /** Exclusive when a time, inclusive when a day. */
    to: moment(true).optional(),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from < filters.to, { path: ["to"], message: "`to` must be after `from`" });

export type SyncEventFiltersInput = z.input<typeof syncEventFiltersSchema>;
export type SyncEventFilters = z.output<typeof syncEventFiltersSchema>;
