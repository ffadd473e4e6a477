import { z } from "zod";

const changelogItemSchema = z
  .object({
    field: z.string().optional(),
    fieldId: z.string().optional(),
    from: z.string().nullable().optional(),
    fromString: z.string().nullable().optional(),
    to: z.string().nullable().optional(),
    toString: z.string().nullable().optional(),
  })
  .passthrough();
export type ChangelogItem = z.infer<typeof changelogItemSchema>;

/** The parts of `jira:issue_updated` Tether reads; everything else is ignored, not rejected. */
export const issueUpdatedPayloadSchema = z
  .object({
    webhookEvent: z.string().optional(),
    changelog: z
      .object({ items: z.array(changelogItemSchema).max(500) })
      .passthrough()
      .nullable()
      .optional(),
    issue: z
      .object({
        key: z.string().min(1).max(255),
        fields: z
          .object({
            assignee: z
              .object({ accountId: z.string().optional(), emailAddress: z.string().nullable().optional(), displayName: z.string().optional() })
              .passthrough()
              .nullable()
              .optional(),
            project: z.object({ id: z.string().optional() }).passthrough().optional(),
            updated: z.string().optional(),
          })
          .passthrough()
          .default({}),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type IssueUpdatedPayload = z.infer<typeof issueUpdatedPayloadSchema>;

/** Jira's `updated` (e.g. 2026-11-23T06:50:00.000+0000) as a Date, or null when absent/unreadable. */
export function parseJiraTimestamp(value: string | undefined): Date | null {
  if (!value) return null;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? null : date;
}
