// What a group-update request (PUT /api/v1/groups/{id} and its bulk form on the organization's
// groups) means to the domain: the body's changes, and the caller as actor and change source.
import { z } from "zod";
import type { OrganizationAccess } from "@/lib/auth/access";
import type { Actor, ChangeSource } from "@/lib/domain/group-actions/change-context";
import type { GroupChanges, StatusChange } from "@/lib/domain/group-actions/update-group";
import type { Resolution } from "@/lib/domain/group-actions/resolve-group";
import { badRequest } from "@/lib/http/errors";

const assignedToSchema = z.union([
  z.null(),
  z.literal(""),
  z.string().regex(/^(user|team):[A-Za-z0-9_-]{1,64}$/, 'assignedTo must be "user:<id>", "team:<id>" or null'),
]);

const statusDetailsSchema = z.strictObject({
  inRelease: z.string().min(1).max(250).optional(),
  inNextRelease: z.boolean().optional(),
  inCurrentRelease: z.boolean().optional(),
  ignoreDuration: z.int().min(1).max(525_600).optional(),
  ignoreCount: z.int().min(1).max(1_000_000).optional(),
  ignoreWindow: z.int().min(1).max(525_600).optional(),
  ignoreUntilEscalating: z.boolean().optional(),
});

/** The body of PUT /api/v1/groups/{id} and its bulk form, shaped like Sentry's issue update API. */
export const groupUpdateBodySchema = z.strictObject({
  assignedTo: assignedToSchema.optional(),
  status: z.enum(["resolved", "unresolved", "ignored"]).optional(),
  substatus: z.enum(["ongoing", "archived_until_escalating", "archived_forever", "archived_until_condition_met"]).nullable().optional(),
  statusDetails: statusDetailsSchema.optional(),
});
export type GroupUpdateBody = z.infer<typeof groupUpdateBodySchema>;

type StatusDetails = z.infer<typeof statusDetailsSchema>;
const RELEASE_KEYS = ["inRelease", "inNextRelease", "inCurrentRelease"] as const;
const IGNORE_KEYS = ["ignoreDuration", "ignoreCount", "ignoreWindow", "ignoreUntilEscalating"] as const;

function present(details: StatusDetails, keys: readonly (keyof StatusDetails)[]): (keyof StatusDetails)[] {
  return keys.filter((key) => details[key] !== undefined && details[key] !== false);
}

function resolution(details: StatusDetails): Resolution {
  const given = present(details, RELEASE_KEYS);
  if (given.length > 1) throw badRequest(`Choose one of ${RELEASE_KEYS.join(", ")}, not ${given.join(" and ")}`);
  if (details.inNextRelease) return { kind: "in_next_release" };
  if (details.inCurrentRelease || details.inRelease === "latest") return { kind: "in_current_release" };
  if (details.inRelease) return { kind: "in_release", version: details.inRelease };
  return { kind: "now" };
}

function archive(substatus: GroupUpdateBody["substatus"], details: StatusDetails): StatusChange {
  const conditions = present(details, ["ignoreDuration", "ignoreCount", "ignoreUntilEscalating"]);
  if (conditions.length > 1) throw badRequest(`Archive with one condition, not ${conditions.join(" and ")}`);
  if (details.ignoreWindow !== undefined && details.ignoreCount === undefined) throw badRequest("ignoreWindow needs ignoreCount");
  const condition =
    details.ignoreDuration !== undefined
      ? ({ until: "duration", minutes: details.ignoreDuration } as const)
      : details.ignoreCount !== undefined
        ? ({ until: "count", count: details.ignoreCount, windowMinutes: details.ignoreWindow } as const)
        : details.ignoreUntilEscalating || substatus === "archived_until_escalating"
          ? ({ until: "escalating" } as const)
          : ({ until: "forever" } as const);
  const expected = { escalating: "archived_until_escalating", forever: "archived_forever", duration: "archived_until_condition_met", count: "archived_until_condition_met" }[
    condition.until
  ];
  if (substatus && substatus !== expected) throw badRequest(`substatus ${substatus} does not match the archive condition given (${expected})`);
  return { status: "ignored", condition };
}

/** Turns a validated body into the domain's changes; contradictory combinations answer 400. */
export function groupChangesFromBody(body: GroupUpdateBody): GroupChanges {
  const changes: GroupChanges = {};
  if (body.assignedTo !== undefined) {
    if (body.assignedTo === null || body.assignedTo === "") changes.assignee = null;
    else {
      const [type, id] = body.assignedTo.split(":") as ["user" | "team", string];
      changes.assignee = { type, id };
    }
  }
  const details = body.statusDetails ?? {};
  if (!body.status) {
    if (body.substatus || body.statusDetails) throw badRequest("substatus and statusDetails need a status");
  } else if (body.status === "resolved") {
    if (body.substatus) throw badRequest("A resolved group has no substatus");
    if (present(details, IGNORE_KEYS).length) throw badRequest("Archive options (ignore*) cannot be used with status resolved");
    changes.status = { status: "resolved", resolution: resolution(details) };
  } else if (body.status === "unresolved") {
    if (body.substatus && body.substatus !== "ongoing") throw badRequest(`An unresolved group cannot be set to ${body.substatus}`);
    if (present(details, [...RELEASE_KEYS, ...IGNORE_KEYS]).length) throw badRequest("statusDetails cannot be used with status unresolved");
    changes.status = body.substatus === "ongoing" ? { status: "ongoing" } : { status: "unresolved" };
  } else {
    if (body.substatus === "ongoing") throw badRequest("An archived group cannot be ongoing");
    if (present(details, RELEASE_KEYS).length) throw badRequest("Release options cannot be used with status ignored");
    changes.status = archive(body.substatus, details);
  }
  if (changes.assignee === undefined && !changes.status) throw badRequest("Nothing to update: give assignedTo and/or status");
  return changes;
}

/** Who made the change, as the domain records it: the acting user (or the system), from the dashboard or the API. */
export function changeOrigin(access: OrganizationAccess): { actor: Actor; source: ChangeSource } {
  return {
    actor: access.userId ? { userId: access.userId } : { system: true },
    source: { kind: access.principal.kind === "user" ? "dashboard" : "api" },
  };
}
