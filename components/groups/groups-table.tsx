import Link from "next/link";
import type { GroupSummary } from "@/lib/domain/groups/group-view";
import { RelativeTime } from "@/components/ui/relative-time";
import { LevelBadge, StatusBadge } from "./badges";

function Assignee({ assignee }: { assignee: GroupSummary["assignee"] }) {
  if (!assignee) return <span className="text-slate-400">—</span>;
  return (
    <span className="block max-w-40 truncate" title={assignee.email ?? assignee.name}>
      {assignee.name}
    </span>
  );
}

export interface GroupSelection {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  toggleAll(): void;
}

/** The groups of one page, dense like an issue tracker's list; with `selection`, rows can be picked for bulk actions. */
export function GroupsTable({ orgSlug, groups, dimmed, selection }: { orgSlug: string; groups: GroupSummary[]; dimmed: boolean; selection?: GroupSelection }) {
  const allSelected = selection ? groups.length > 0 && groups.every((g) => selection.selected.has(g.id)) : false;
  return (
    <div aria-busy={dimmed} className={`overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity ${dimmed ? "opacity-60" : ""}`}>
      <table className="w-full text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {selection ? (
              <th scope="col" className="w-8 px-3 py-2">
                <input type="checkbox" aria-label="Select all groups on this page" checked={allSelected} onChange={selection.toggleAll} />
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2">Group</th>
            <th scope="col" className="px-3 py-2">Project</th>
            <th scope="col" className="px-3 py-2">Level</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Assignee</th>
            <th scope="col" className="px-3 py-2 text-right">Events</th>
            <th scope="col" className="px-3 py-2 text-right">Last seen</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {groups.map((group) => (
            <tr key={group.id} className={`hover:bg-slate-50 ${selection?.selected.has(group.id) ? "bg-indigo-50/60" : ""}`}>
              {selection ? (
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${group.shortId}`} checked={selection.selected.has(group.id)} onChange={() => selection.toggle(group.id)} />
                </td>
              ) : null}
              <td className="max-w-0 px-3 py-2" style={{ width: "50%" }}>
                <Link href={`/o/${orgSlug}/groups/${group.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-700 hover:underline" title={group.title}>
                  {group.title}
                </Link>
                <div className="flex min-w-0 items-center gap-2 text-xs text-slate-500">
                  <span className="shrink-0 font-mono text-[11px] text-slate-600">{group.shortId}</span>
                  {group.culprit ? <span className="truncate" title={group.culprit}>{group.culprit}</span> : null}
                </div>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">{group.project.slug}</td>
              <td className="px-3 py-2">
                <LevelBadge level={group.level} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <StatusBadge status={group.status} substatus={group.substatus} />
              </td>
              <td className="px-3 py-2 text-slate-700">
                <Assignee assignee={group.assignee} />
              </td>
              <td className="px-3 py-2 text-right tabular-nums text-slate-700">{group.timesSeen.toLocaleString("en-US")}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right text-slate-600">
                <RelativeTime iso={group.lastSeen} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
