import type { GroupSummary } from "@/lib/domain/groups/group-view";
import { Sparkline } from "@/components/ui/sparkline";

/** What the list needs to draw selection and the keyboard's focus row. */
export interface GroupSelection {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  toggleAll(): void;
}

export interface GroupRowsProps {
  orgSlug: string;
  groups: GroupSummary[];
  dimmed: boolean;
  selection?: GroupSelection;
  /** The row j/k points at; the row is marked and kept in view. */
  focusedId: string | null;
  onFocusRow(id: string): void;
}

export const groupHref = (orgSlug: string, id: string) => `/o/${orgSlug}/groups/${id}`;

export function AssigneeName({ assignee }: { assignee: GroupSummary["assignee"] }) {
  if (!assignee) return <span className="text-fg-subtle">Unassigned</span>;
  return (
    <span className="block max-w-28 truncate" title={assignee.email ?? assignee.name}>
      {assignee.name}
    </span>
  );
}

export function GroupSparkline({ group, className }: { group: GroupSummary; className?: string }) {
  const total = group.sparkline.reduce((sum, n) => sum + n, 0);
  return <Sparkline counts={group.sparkline} className={className} label={`${total.toLocaleString("en-US")} events in the last 14 days`} />;
}

/** A click anywhere on a row but its controls makes it the keyboard's focus row. */
export function isControlClick(target: EventTarget | null): boolean {
  return target instanceof Element && Boolean(target.closest("a, button, input, select, label"));
}
