import { z } from "zod";

// No server imports here: the groups list page parses its URL with the same schema in the browser.

export const GROUP_STATUS_FILTERS = ["unresolved", "resolved", "ignored", "all"] as const;
export const ASSIGNED_FILTERS = ["anyone", "me", "unassigned"] as const;
export const GROUP_SORTS = ["last_seen", "first_seen", "events", "users"] as const;
export const LEVEL_FILTERS = ["fatal", "error", "warning", "info", "debug"] as const;
export const LINKED_FILTERS = ["any", "linked", "unlinked"] as const;
export const PAGE_SIZES = [25, 50] as const;
export const MAX_PAGE_SIZE = 100;

// Search params arrive as strings and an emptied filter as "": both mean "not given".
/** A query parameter left empty counts as not given (forms send `?project=`). */
export const omitBlank = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema);

export const listGroupsQuerySchema = z.object({
  status: omitBlank(z.enum(GROUP_STATUS_FILTERS).default("unresolved")),
  project: omitBlank(z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9_-]*$/i, "project must be a project slug").optional()),
  assigned: omitBlank(z.enum(ASSIGNED_FILTERS).default("anyone")),
  level: omitBlank(z.enum(LEVEL_FILTERS).optional()),
  linked: omitBlank(z.enum(LINKED_FILTERS).default("any")),
  query: omitBlank(z.string().trim().max(200).optional()),
  sort: omitBlank(z.enum(GROUP_SORTS).default("last_seen")),
  /** Opaque keyset position from a previous answer's nextCursor/previousCursor (decoded in list-groups-cursor.ts). */
  cursor: omitBlank(z.string().max(500).optional()),
  /** Only for old links: offset paging; ignored when a cursor is given. */
  page: omitBlank(z.coerce.number().int().min(1).max(10_000).default(1)),
  limit: omitBlank(z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(PAGE_SIZES[0])),
});
export type ListGroupsQuery = z.infer<typeof listGroupsQuerySchema>;
export type GroupStatusFilter = ListGroupsQuery["status"];
export type AssignedFilter = ListGroupsQuery["assigned"];
export type GroupSort = ListGroupsQuery["sort"];
export type LevelFilter = NonNullable<ListGroupsQuery["level"]>;
export type LinkedFilter = ListGroupsQuery["linked"];

/** The filters the status tab counts take: the list's, less status, sort and position. */
export const groupCountsQuerySchema = listGroupsQuerySchema.pick({ project: true, assigned: true, level: true, linked: true, query: true });
export type GroupCountsQuery = z.infer<typeof groupCountsQuerySchema>;

const DEFAULT_QUERY = listGroupsQuerySchema.parse({});

/** The query a URL asks for; a bad value falls back to its default so a hand-edited link still opens. */
export function groupsQueryFromSearch(search: URLSearchParams | Record<string, string | string[] | undefined>): ListGroupsQuery {
  const raw: Record<string, string> = {};
  const entries = search instanceof URLSearchParams ? [...search.entries()] : Object.entries(search);
  for (const [key, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") raw[key] = first;
  }
  const parsed = listGroupsQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const query: Record<string, unknown> = { ...DEFAULT_QUERY };
  const shape = listGroupsQuerySchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const field = shape[key].safeParse(raw[key]);
    if (field.success) query[key] = field.data;
  }
  return listGroupsQuerySchema.parse(query);
}

/** Search params for a query, leaving defaults out so links stay short. */
export function groupsQueryToSearch(query: ListGroupsQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "" || value === DEFAULT_QUERY[key as keyof ListGroupsQuery]) continue;
    params.set(key, String(value));
  }
  return params;
}
