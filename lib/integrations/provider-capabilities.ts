import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { IntegrationProvider } from "@/lib/generated/prisma/client";
import type { IssueSyncProvider } from "./provider";

/** Who asks for an issue-link action on which group, through which installed integration. */
export interface IssueLinkScope {
  organizationId: string;
  groupId: string;
  integrationId: string;
  userId: string | null;
}

/** An external issue as linked to a group (what the create and link answers return). */
export interface LinkedIssue {
  id: string;
  key: string;
  url: string;
  integrationId: string;
  displayName: string;
}

/**
 * The issue a link request names, before its provider is known (the form shows this message under
 * its Issue ID field); each provider's `link` checks the format it accepts.
 */
export const issueReferenceSchema = z.string({ error: "Issue ID is required" }).trim().min(1, "Issue ID is required").max(100);

/** Create an issue in the tracker for a group, link an existing one, and search the create form's choices. */
export interface IssueLinksCapability {
  /** The create form for the group (fields in the provider's own order). */
  createForm(db: Db, input: IssueLinkScope & { project?: string; issuetype?: string }): Promise<unknown>;
  /** Creates the issue and links it; `replayed` when an identical earlier request is answered again. */
  create(db: Db, input: IssueLinkScope & { fields: Record<string, unknown>; idempotencyKey?: string }): Promise<{ linked: LinkedIssue; replayed: boolean }>;
  link(db: Db, input: IssueLinkScope & { externalIssue: string; comment?: boolean }): Promise<LinkedIssue>;
  /** [value, label] choices for an async select of the create form. */
  searchFieldOptions(db: Db, input: Omit<IssueLinkScope, "userId"> & { kind: "user" | "issue"; query: string }): Promise<[string, string][]>;
}

/** What every provider's settings answer starts with (the page's heading); the rest is the provider's form. */
export interface IntegrationSettingsView {
  integration: { id: string; name: string; baseUrl: string | null };
}

/** An organization's settings for one installed integration of the provider. */
export interface SettingsCapability {
  /** OrganizationIntegration.config as stored; parse leniently, missing keys read as the defaults. */
  configSchema: z.ZodType<Record<string, unknown>>;
  /** What a newly linked organization starts with. */
  defaults: Record<string, unknown>;
  /** The settings form's body (a partial update: absent keys keep their stored value). */
  updateSchema: z.ZodType<Record<string, unknown>>;
  /** The settings as the form shows them. */
  read(db: Db, input: { organizationId: string; integrationId: string }): Promise<IntegrationSettingsView>;
  update(db: Db, input: { organizationId: string; integrationId: string; update: Record<string, unknown> }): Promise<unknown>;
  /** What the settings form needs from the remote side (Jira: the site's projects and statuses). */
  catalog?(db: Db, input: { organizationId: string; integrationId: string }): Promise<unknown>;
}

/**
 * A message to a channel of the provider (alert notifications, interaction follow-ups). Sent only by
 * job definitions (lib/jobs/definitions), never inside a request; throw RetryAfterError /
 * PermanentSyncError like IssueSyncProvider.
 */
export interface NotificationsCapability {
  send(db: Db, input: { organizationId: string; integrationId: string; channelId: string; message: Record<string, unknown> }): Promise<{ externalId?: string }>;
}

/** Signed inbound commands (Discord slash commands and buttons): the verifier and the payload schema. */
export interface InteractionsCapability {
  verify(request: { headers: Headers; rawBody: string }, secrets: { publicKey: string }): boolean | Promise<boolean>;
  payloadSchema: z.ZodType<unknown>;
}

/**
 * One provider Tether speaks to, and what it offers. Every capability is optional: the job
 * handlers, the settings API and the external-issue routes look the provider up by name and use
 * the capability they need, answering "not supported" when it is absent.
 */
export interface IntegrationProviderDefinition {
  name: IntegrationProvider;
  /** The name people read (settings page, sync history). */
  displayName?: string;
  issueSync?: IssueSyncProvider;
  issueLinks?: IssueLinksCapability;
  notifications?: NotificationsCapability;
  interactions?: InteractionsCapability;
  settings?: SettingsCapability;
}

export type ProviderRegistry = ReadonlyMap<IntegrationProvider, IntegrationProviderDefinition>;

export function createProviderRegistry(providers: readonly IntegrationProviderDefinition[]): ProviderRegistry {
  return new Map(providers.map((provider) => [provider.name, provider]));
}
