import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { GroupStatus, GroupSubstatus, Level } from "@/lib/generated/prisma/enums";

const LEVEL_TONE: Record<Level, BadgeTone> = {
  fatal: "solid-danger",
  error: "danger",
  warning: "warning",
  info: "info",
  debug: "neutral",
};

export function LevelBadge({ level }: { level: Level }) {
  return (
    <Badge tone={LEVEL_TONE[level]} className="uppercase tracking-wide">
      {level}
    </Badge>
  );
}

const STATUS_STYLE: Record<GroupStatus, string> = {
  unresolved: "text-fg-muted",
  resolved: "text-success",
  ignored: "text-fg-subtle",
};

const SUBSTATUS_LABEL: Record<GroupSubstatus, string> = {
  ongoing: "ongoing",
  new: "new",
  regressed: "regressed",
  escalating: "escalating",
  until_escalating: "until escalating",
  until_condition_met: "until condition met",
  forever: "forever",
};

const SUBSTATUS_TONE: Partial<Record<GroupSubstatus, BadgeTone>> = {
  new: "accent",
  regressed: "warning",
  escalating: "danger",
};

/** "ignored" is what the data model calls it; people know it as archived. */
export function statusLabel(status: GroupStatus): string {
  return status === "ignored" ? "archived" : status;
}

/** `compact` (dense lists): an unresolved group's substatus (new, regressed, escalating) says enough alone. */
export function StatusBadge({ status, substatus, compact = false }: { status: GroupStatus; substatus: GroupSubstatus | null; compact?: boolean }) {
  const badgeOnly = compact && status === "unresolved" && substatus !== null && substatus !== "ongoing";
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap text-xs" title={badgeOnly ? `unresolved, ${SUBSTATUS_LABEL[substatus]}` : undefined}>
      {badgeOnly ? null : <span className={STATUS_STYLE[status]}>{statusLabel(status)}</span>}
      {substatus && substatus !== "ongoing" ? (
        <Badge tone={SUBSTATUS_TONE[substatus] ?? "neutral"} className="px-1 py-px font-normal">
          {SUBSTATUS_LABEL[substatus]}
        </Badge>
      ) : null}
    </span>
  );
}

/** The group is linked to at least one Jira issue. */
export function LinkedMark() {
  return (
    <Badge tone="info" title="Linked to a Jira issue" className="px-1 py-px">
      <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3 fill-none stroke-current" strokeWidth={1.8}>
        <path d="M6.5 9.5l3-3M7 4.5l1-1a2.5 2.5 0 013.5 3.5l-1 1M9 11.5l-1 1A2.5 2.5 0 014.5 9l1-1" strokeLinecap="round" />
      </svg>
      Jira
    </Badge>
  );
}
