import { z } from "zod";

/** Who made a change: a signed-in user, or the system (a rule, an inbound sync without a matched user). */
export const actorSchema = z.union([z.object({ userId: z.string().min(1) }), z.object({ system: z.literal(true) })]);
export type Actor = z.infer<typeof actorSchema>;
export const SYSTEM_ACTOR: Actor = { system: true };

/** Where a change came from; it travels with the change so no integration is echoed its own change. */
export const changeSourceSchema = z.object({
  kind: z.enum(["dashboard", "api", "integration", "discord", "rule"]),
  integrationId: z.string().min(1).optional(),
});
export type ChangeSource = z.infer<typeof changeSourceSchema>;

export function actorUserId(actor: Actor): string | null {
  return "userId" in actor ? actor.userId : null;
}

/** The compact form stored in GroupHistory.source. */
export function formatSource(source: ChangeSource): string {
  return source.integrationId ? `${source.kind}:${source.integrationId}` : source.kind;
}

/** Addresses one group of one organization; callers always pass the organization they act for. */
export interface GroupRef {
  organizationId: string;
  groupId: string;
}

export interface ChangeInput extends GroupRef {
  actor: Actor;
  source: ChangeSource;
}

export interface ChangeResult {
  groupId: string;
  changed: boolean;
}
