import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { GroupStatus, GroupSubstatus, Level } from "@/lib/generated/prisma/enums";
import { statusLabel } from "./badges";

const LEVEL_TONE: Record<Level, BadgeTone> = { fatal: "solid-danger", error: "danger", warning: "warning", info: "info", debug: "neutral" };

const STATUS_TONE: Record<GroupStatus, BadgeTone> = { unresolved: "neutral", resolved: "success", ignored: "neutral" };

const SUBSTATUS_TONE: Partial<Record<GroupSubstatus, BadgeTone>> = { new: "accent", regressed: "warning", escalating: "danger" };

/** The level as a themed badge (the group page's; it follows dark mode). */
export function GroupLevelBadge({ level }: { level: Level }) {
  return (
    <Badge tone={LEVEL_TONE[level]} className="uppercase tracking-wide">
      {level}
    </Badge>
  );
}

/** Status, and the substatus when it says more than "ongoing". */
export function GroupStatusBadge({ status, substatus }: { status: GroupStatus; substatus: GroupSubstatus | null }) {
  return (
    <span className="inline-flex items-center gap-1">
      <Badge tone={STATUS_TONE[status]}>{statusLabel(status)}</Badge>
      {substatus && substatus !== "ongoing" ? <Badge tone={SUBSTATUS_TONE[substatus] ?? "neutral"}>{substatus.replaceAll("_", " ")}</Badge> : null}
    </span>
  );
}
