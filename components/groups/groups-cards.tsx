import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { LevelBadge, LinkedMark, StatusBadge } from "./badges";
import { AssigneeName, groupHref, GroupSparkline, isControlClick, type GroupRowsProps } from "./groups-row-parts";

/** The groups list on a phone: one card per group with everything the table row says. */
export function GroupsCards({ orgSlug, groups, dimmed, selection, focusedId, onFocusRow }: GroupRowsProps) {
  return (
    <ul aria-label="Groups" aria-busy={dimmed || undefined} className={`space-y-2 transition-opacity ${dimmed ? "opacity-60" : ""}`}>
      {groups.map((group) => {
        const focused = group.id === focusedId;
        const selected = selection?.selected.has(group.id) ?? false;
        return (
          <li
            key={group.id}
            data-group-id={group.id}
            aria-current={focused || undefined}
            onClick={(e) => {
              if (!isControlClick(e.target)) onFocusRow(group.id);
            }}
            className={`scroll-my-16 rounded-lg border bg-surface p-3 shadow-sm ${selected ? "border-accent/40 bg-accent-soft" : "border-line"} ${focused ? "outline-2 outline-offset-1 outline-accent" : ""}`}
          >
            <div className="flex items-start gap-2">
              {selection ? <input type="checkbox" aria-label={`Select ${group.shortId}`} checked={selected} onChange={() => selection.toggle(group.id)} className="mt-1 accent-accent" /> : null}
              <div className="min-w-0 flex-1">
                <Link href={groupHref(orgSlug, group.id)} className="line-clamp-2 font-medium break-words text-fg hover:text-accent-fg hover:underline">
                  {group.title}
                </Link>
                <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-fg-subtle">
                  <span className="font-mono text-[11px] text-fg-muted">{group.shortId}</span>
                  <span>{group.project.slug}</span>
                  <LevelBadge level={group.level} />
                  <StatusBadge status={group.status} substatus={group.substatus} />
                  {group.linked ? <LinkedMark /> : null}
                </div>
              </div>
            </div>
            <div className="mt-2 flex items-end justify-between gap-3 text-xs text-fg-muted">
              <dl className="grid min-w-0 grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
                <dt className="text-fg-subtle">Assignee</dt>
                <dd className="min-w-0">
                  <AssigneeName assignee={group.assignee} />
                </dd>
                <dt className="text-fg-subtle">Events</dt>
                <dd className="tabular-nums">
                  {group.timesSeen.toLocaleString("en-US")} · {group.userCount.toLocaleString("en-US")} {group.userCount === 1 ? "user" : "users"}
                </dd>
                <dt className="text-fg-subtle">Last seen</dt>
                <dd>
                  <RelativeTime iso={group.lastSeen} />
                </dd>
              </dl>
              <GroupSparkline group={group} className="h-8 w-24 shrink-0" />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
