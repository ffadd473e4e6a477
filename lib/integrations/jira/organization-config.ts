import { z } from "zod";

export const RESOLUTION_STRATEGIES = ["resolve", "resolve_current_release", "resolve_next_release"] as const;
export type ResolutionStrategy = (typeof RESOLUTION_STRATEGIES)[number];

/**
 * An organization's settings for one Jira site (OrganizationIntegration.config). Stored with
 * Sentry's key names so the meaning of each stays the spec's; a missing key reads as false.
 */
export const jiraOrganizationConfigSchema = z.object({
  sync_forward_assignment: z.boolean().default(false),
  sync_reverse_assignment: z.boolean().default(false),
  sync_status_forward: z.boolean().default(false),
  sync_status_reverse: z.boolean().default(false),
  sync_comments: z.boolean().default(false),
  resolution_strategy: z.enum(RESOLUTION_STRATEGIES).default("resolve"),
  issues_ignored_fields: z.array(z.string()).default([]),
  // [R] Linking an existing Jira issue adds a comment on it linking back to the group.
  link_back_comment: z.boolean().default(true),
  project_issue_defaults: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});
export type JiraOrganizationConfig = z.infer<typeof jiraOrganizationConfigSchema>;

/** What a newly linked organization starts with: assignment both ways and Jira → Tether status. */
export const DEFAULT_JIRA_ORGANIZATION_CONFIG: JiraOrganizationConfig = jiraOrganizationConfigSchema.parse({
  sync_forward_assignment: true,
  sync_reverse_assignment: true,
  sync_status_reverse: true,
});

/** Reads stored config leniently: unknown keys are dropped, wrong types fall back to defaults. */
export function readJiraOrganizationConfig(stored: unknown): JiraOrganizationConfig {
  const input = stored && typeof stored === "object" && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  const shape = jiraOrganizationConfigSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const parsed = shape[key].safeParse(input[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return jiraOrganizationConfigSchema.parse(out);
}

/** `issues_ignored_fields` arrives as free text: commas or new lines, trimmed, empties dropped. */
export function parseIgnoredFields(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}
