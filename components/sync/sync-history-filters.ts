// The sync history's filters as the page keeps them in its URL (and sends them to the API as is).

export const FILTER_OPTIONS = {
  provider: [
    ["jira", "Jira"],
    ["discord", "Discord"],
  ],
  kind: [
    ["assignee", "Assignee"],
    ["status", "Status"],
    ["create_issue", "Create issue"],
    ["link", "Link"],
    ["unlink", "Unlink"],
    ["interaction", "Interaction"],
    ["notification", "Notification"],
    ["install", "Install"],
  ],
  direction: [
    ["inbound", "Inbound"],
    ["outbound", "Outbound"],
  ],
  outcome: [
    ["failed", "Failed"],
    ["retrying", "Retrying"],
    ["pending", "Pending"],
    ["applied", "Applied"],
    ["skipped", "Skipped"],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

export const FILTER_KEYS = ["provider", "kind", "direction", "outcome", "group", "from", "to"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type SyncHistoryFilters = Partial<Record<FilterKey, string>>;

/** The filters present in a URL's query (the drawer's `event` and unknown keys left out). */
export function filtersFromSearch(search: URLSearchParams): SyncHistoryFilters {
  const filters: SyncHistoryFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** The query string of the filters, in a stable order (the query key and the URL share it). */
export function filtersQuery(filters: SyncHistoryFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

export function hasFilters(filters: SyncHistoryFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}
