import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type RESTPostAPIChannelMessageJSONBody,
} from "discord-api-types/v10";
import { formatShortId } from "@/lib/domain/groups/short-id";
import { componentCustomId, type ComponentAction } from "./component-custom-id";

// The issue alert message (behaviour.md §10 "Issue alert"): one embed describing the group and the
// event that fired, and a row of three buttons for the group's current state. Built when the job
// runs, so the buttons match what the group is by then, not what it was at the firing.

/** Embed colours by the event's level (Sentry's level colours, as decimals); error is the default. */
export const LEVEL_COLORS: Record<string, number> = {
  error: 14695983,
  fatal: 16402247,
  warning: 16761383,
  info: 2590926,
  debug: 16507215,
};

export type GroupButtonAction = Exclude<ComponentAction, "assign">;

export interface IssueAlertMessageInput {
  group: { id: string; shortId: number; title: string; status: "unresolved" | "resolved" | "ignored"; lastSeen: Date };
  project: { slug: string; hasReleases: boolean };
  organization: { slug: string };
  /** The event that fired the alert; null when it is gone (the group's own title is used). */
  event: {
    title: string;
    exceptionType: string | null;
    exceptionValue: string | null;
    level: string;
    tags: Record<string, string>;
    environment: string | null;
    timestamp: Date;
  } | null;
  rule: { id: string; name: string } | null;
  /** The dashboard's public URL, without a trailing slash. */
  baseUrl: string;
  notificationUuid?: string;
  /** The rule's tag keys to show as fields when the event has them. */
  tags: readonly string[];
  /** Further firings of this rule for this group folded into this message (while the channel was rate-limited). */
  collapsed?: number;
}

export function issueAlertMessage(input: IssueAlertMessageInput): RESTPostAPIChannelMessageJSONBody {
  const { group, event } = input;
  const collapsed = input.collapsed ?? 0;
  const embed: APIEmbed = {
    title: truncate(event?.exceptionType || event?.title || group.title, 256),
    url: groupAlertUrl(input),
    color: LEVEL_COLORS[event?.level ?? "error"] ?? LEVEL_COLORS.error,
    footer: { text: `${formatShortId(input.project.slug, group.shortId)} via ${input.rule?.name ?? "Test Alert"}${collapsed > 0 ? ` (+${collapsed} other)` : ""}` },
    fields: tagFields(input.tags, event?.tags ?? {}),
    timestamp: new Date(Math.max(group.lastSeen.getTime(), event?.timestamp.getTime() ?? 0)).toISOString(),
  };
  const description = event?.exceptionType ? event.exceptionValue?.trim() : "";
  if (description) embed.description = truncate(description, 4096);
  return {
    // [R] Firings collapsed while the channel was rate-limited are one message that says so.
    content: collapsed > 0 ? `This alert fired ${collapsed + 1} times for this issue.` : "",
    embeds: [embed],
    components: [groupActionRow(input)],
  };
}

/** The group's page with the alert's referrer and ids (§10). */
export function groupAlertUrl(input: Pick<IssueAlertMessageInput, "baseUrl" | "organization" | "group" | "rule" | "event" | "notificationUuid">): string {
  const url = new URL(`${input.baseUrl}/o/${encodeURIComponent(input.organization.slug)}/groups/${encodeURIComponent(input.group.id)}`);
  url.searchParams.set("referrer", "discord");
  if (input.rule) url.searchParams.set("alert_rule_id", input.rule.id);
  url.searchParams.set("alert_type", "issue");
  if (input.event?.environment) url.searchParams.set("environment", input.event.environment);
  if (input.notificationUuid) url.searchParams.set("notification_uuid", input.notificationUuid);
  return url.toString();
}

/** Resolve (a dialog when the project has releases) or Unresolve, Archive or Mark as Ongoing, Assign. */
export function groupActionRow(input: Pick<IssueAlertMessageInput, "group" | "project">): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const { group } = input;
  const button = (action: GroupButtonAction, label: string): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: componentCustomId(action, group),
    label,
    disabled: false,
  });
  const resolve =
    group.status === "resolved" ? button("unresolve", "Unresolve") : input.project.hasReleases ? button("resolve_dialog", "Resolve...") : button("resolve", "Resolve");
  const archive = group.status === "ignored" ? button("mark_ongoing", "Mark as Ongoing") : button("archive", "Archive");
  return { type: ComponentType.ActionRow, components: [resolve, archive, button("assign_dialog", "Assign...")] };
}

function tagFields(keys: readonly string[], tags: Record<string, string>): APIEmbedField[] {
  return keys.filter((key) => Object.hasOwn(tags, key) && tags[key] !== "").slice(0, 25).map((key) => ({ name: truncate(key, 256), value: truncate(tags[key], 1024), inline: true }));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
