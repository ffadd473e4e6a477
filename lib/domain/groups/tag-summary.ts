export interface TagValueCount {
  value: string;
  count: number;
}

export interface TagSummary {
  key: string;
  /** Events (of those looked at) that carry the tag. */
  total: number;
  values: TagValueCount[];
}

export interface TaggedEvent {
  tags: unknown;
  environment: string | null;
  release: string | null;
}

/** Event.tags is stored as sent; only string values are tags worth counting. */
export function eventTags(event: TaggedEvent): Record<string, string> {
  const tags: Record<string, string> = {};
  if (event.tags && typeof event.tags === "object" && !Array.isArray(event.tags)) {
    for (const [key, value] of Object.entries(event.tags)) if (typeof value === "string") tags[key] = value;
  }
  // Environment and release live in their own columns but people filter by them like tags.
  if (event.environment && !tags.environment) tags.environment = event.environment;
  if (event.release && !tags.release) tags.release = event.release;
  return tags;
}

/** The most frequent values of every tag key over some events, most common first. */
export function summarizeTags(events: readonly TaggedEvent[], topValues = 5): TagSummary[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const event of events) {
    for (const [key, value] of Object.entries(eventTags(event))) {
      const counts = byKey.get(key) ?? new Map<string, number>();
      counts.set(value, (counts.get(value) ?? 0) + 1);
      byKey.set(key, counts);
    }
  }
  return [...byKey.entries()]
    .map(([key, counts]) => ({
      key,
      total: [...counts.values()].reduce((sum, n) => sum + n, 0),
      values: [...counts.entries()]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
        .slice(0, topValues),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
