import type { SyncEvent } from "@/lib/generated/prisma/client";
import type { AnyJobDefinition } from "./job-definition";
import { issueSyncJob } from "./definitions/issue-sync";
import { discordFollowUpJob } from "./definitions/discord-follow-up";
import { discordMetricAlertJob } from "./definitions/discord-metric-alert";
import { discordAlertJob } from "./definitions/discord-alert";

export type JobDefinitionRegistry = ReadonlyMap<string, AnyJobDefinition>;

export function createJobDefinitionRegistry(definitions: readonly AnyJobDefinition[]): JobDefinitionRegistry {
  return new Map(definitions.map((definition) => [definition.name, definition]));
}

/**
 * Every kind of outbound work, by name: the queue gives each its own pg-boss queue and worker. A
 * new kind is one file in lib/jobs/definitions/ and one entry here.
 */
export const jobDefinitions: JobDefinitionRegistry = createJobDefinitionRegistry([
  issueSyncJob as AnyJobDefinition,
  discordFollowUpJob as AnyJobDefinition,
  discordMetricAlertJob as AnyJobDefinition,
  discordAlertJob as AnyJobDefinition,
]);

/**
 * The definition that sends an outbox row. Rows written before SyncEvent.job existed name none:
 * those are issue syncs (assignee or status, with the issue in their payload).
 */
export function definitionOfOutboxRow(registry: JobDefinitionRegistry, row: Pick<SyncEvent, "job" | "kind">): AnyJobDefinition | undefined {
  if (row.job) return registry.get(row.job);
  return row.kind === "assignee" || row.kind === "status" ? registry.get(issueSyncJob.name) : undefined;
}
