// The custom_id of a button or select on Tether's Discord messages (behaviour.md §9.4, §10):
// `<action>:<groupId>`. Sentry puts its integer group id there; Tether's group ids are opaque
// strings (a cuid, or a UUID for demo data), globally unique, unlike the per-project short id
// (API-1F), which would need the project too. So the id is Group.id as it is, and what Sentry
// calls "non-integer" is, for Tether, "not shaped like a Tether id": empty, longer than 64
// characters, or anything but letters, digits, "-" and "_". Such ids answer "Invalid group ID."
// without a database lookup.

/** The actions, in the order §9.4 dispatches them (first prefix match wins: shared prefixes). */
export const COMPONENT_ACTIONS = ["assign_dialog", "assign", "resolve_dialog", "resolve", "unresolve", "mark_ongoing", "archive"] as const;
export type ComponentAction = (typeof COMPONENT_ACTIONS)[number];

/** Discord's limit for a custom_id. */
export const CUSTOM_ID_MAX_LENGTH = 100;
const GROUP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The custom_id of `action` on `group`'s message (≤ 51 characters for any Tether id). */
export function componentCustomId(action: ComponentAction, group: { id: string }): string {
  if (!GROUP_ID.test(group.id)) throw new Error(`not a Tether group id: ${JSON.stringify(group.id)}`);
  return `${action}:${group.id}`;
}

export interface ParsedComponentCustomId {
  /** The first action whose name the custom_id starts with (Sentry's prefix dispatch), or null. */
  action: ComponentAction | null;
  /** The second `:`-separated segment when it is shaped like a Tether group id, else null. */
  groupId: string | null;
}

/**
 * Reads a custom_id as §9.4 does: the group id is the second `:`-separated segment (none without
 * a colon), the action the first of COMPONENT_ACTIONS the whole custom_id starts with.
 */
export function parseComponentCustomId(customId: string): ParsedComponentCustomId {
  const segment = customId.split(":")[1] ?? "";
  return {
    action: COMPONENT_ACTIONS.find((action) => customId.startsWith(action)) ?? null,
    groupId: GROUP_ID.test(segment) ? segment : null,
  };
}
