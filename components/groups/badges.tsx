import type { GroupStatus, GroupSubstatus, Level } from "@/lib/generated/prisma/enums";

const LEVEL_STYLE: Record<Level, string> = {
  fatal: "bg-red-600 text-white",
  error: "bg-red-50 text-red-700 ring-red-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  info: "bg-sky-50 text-sky-700 ring-sky-200",
  debug: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-medium uppercase tracking-wide ring-1 ring-inset ring-transparent ${LEVEL_STYLE[level]}`}>{level}</span>;
}

const STATUS_STYLE: Record<GroupStatus, string> = {
  unresolved: "text-slate-700",
  resolved: "text-emerald-700",
  ignored: "text-slate-500",
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

const SUBSTATUS_STYLE: Partial<Record<GroupSubstatus, string>> = {
  new: "bg-indigo-50 text-indigo-700",
  regressed: "bg-orange-50 text-orange-700",
  escalating: "bg-red-50 text-red-700",
};

/** "ignored" is what the data model calls it; people know it as archived. */
export function statusLabel(status: GroupStatus): string {
  return status === "ignored" ? "archived" : status;
}

export function StatusBadge({ status, substatus }: { status: GroupStatus; substatus: GroupSubstatus | null }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap text-xs">
      <span className={STATUS_STYLE[status]}>{statusLabel(status)}</span>
      {substatus && substatus !== "ongoing" ? (
        <span className={`rounded px-1 py-px text-[11px] ${SUBSTATUS_STYLE[substatus] ?? "bg-slate-100 text-slate-600"}`}>{SUBSTATUS_LABEL[substatus]}</span>
      ) : null}
    </span>
  );
}
