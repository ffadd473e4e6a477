export { assignGroup } from "./assign-group";
export { deassignGroup } from "./deassign-group";
export { resolveGroup, resolutionSchema, type Resolution } from "./resolve-group";
export { unresolveGroup } from "./unresolve-group";
export { archiveGroup, archiveConditionSchema, type ArchiveCondition } from "./archive-group";
export { markOngoing } from "./mark-ongoing";
export { updateGroup, bulkUpdateGroups, type GroupChanges, type StatusChange, type BulkGroupResult } from "./update-group";
export { SYSTEM_ACTOR, actorSchema, changeSourceSchema, type Actor, type ChangeSource } from "./change-context";
