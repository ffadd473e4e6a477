import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { LevelBadge, LinkedMark, StatusBadge } from "./badges";
import { AssigneeName, groupHref, GroupSparkline, isControlClick, type GroupRowsProps } from "./groups-row-parts";

export type { GroupSelection } from "./groups-row-parts";

/** The groups of one page, dense like an issue tracker's list; with `selection`, rows can be picked for bulk actions. */
export function GroupsTable({ orgSlug, groups, dimmed, selection, focusedId, onFocusRow }: GroupRowsProps) {
  const allSelected = selection ? groups.length > 0 && groups.every((g) => selection.selected.has(g.id)) : false;
  return (
    <Table dimmed={dimmed} label="Groups">
      <THead>
        <tr>
          {selection ? (
            <Th className="w-8">
              <input type="checkbox" aria-label="Select all groups on this page" checked={allSelected} onChange={selection.toggleAll} className="accent-accent" />
            </Th>
          ) : null}
          <Th>Group</Th>
          <Th>Project</Th>
          <Th>Level</Th>
          <Th>Status</Th>
          <Th>Assignee</Th>
          <Th className="text-right">Events</Th>
          <Th className="text-right">Users</Th>
          <Th className="hidden whitespace-nowrap lg:table-cell" title="Events per day over the last 14 days">14 days</Th>
          <Th className="whitespace-nowrap text-right">Last seen</Th>
        </tr>
      </THead>
      <TBody>
        {groups.map((group) => {
          const focused = group.id === focusedId;
          return (
            <Tr
              key={group.id}
              data-group-id={group.id}
              aria-current={focused || undefined}
              selected={selection?.selected.has(group.id)}
              onClick={(e) => {
                if (!isControlClick(e.target)) onFocusRow(group.id);
              }}
              className={`scroll-my-16 ${focused ? "outline-2 -outline-offset-2 outline-accent" : ""}`}
            >
              {selection ? (
                <Td>
                  <input type="checkbox" aria-label={`Select ${group.shortId}`} checked={selection.selected.has(group.id)} onChange={() => selection.toggle(group.id)} className="accent-accent" />
                </Td>
              ) : null}
              <Td className="max-w-0" style={{ width: "45%" }}>
                <Link href={groupHref(orgSlug, group.id)} className="block truncate font-medium text-fg hover:text-accent-fg hover:underline" title={group.title}>
                  {group.title}
                </Link>
                <div className="flex min-w-0 items-center gap-2 text-xs text-fg-subtle">
                  <span className="shrink-0 font-mono text-[11px] text-fg-muted">{group.shortId}</span>
                  {group.linked ? <LinkedMark /> : null}
                  {group.culprit ? (
                    <span className="truncate" title={group.culprit}>
                      {group.culprit}
                    </span>
                  ) : null}
                </div>
              </Td>
              <Td className="whitespace-nowrap text-fg-muted">{group.project.slug}</Td>
              <Td>
                <LevelBadge level={group.level} />
              </Td>
              <Td className="whitespace-nowrap">
                <StatusBadge status={group.status} substatus={group.substatus} compact />
              </Td>
              <Td className="max-w-32 text-fg-muted">
                <AssigneeName assignee={group.assignee} />
              </Td>
              <Td className="text-right tabular-nums text-fg">{group.timesSeen.toLocaleString("en-US")}</Td>
              <Td className="text-right tabular-nums text-fg-muted">{group.userCount.toLocaleString("en-US")}</Td>
              <Td className="hidden lg:table-cell">
                <GroupSparkline group={group} className="h-6 w-20" />
              </Td>
              <Td className="whitespace-nowrap text-right text-fg-muted">
                <RelativeTime iso={group.lastSeen} />
                <div className="text-[11px] text-fg-subtle">
                  first <RelativeTime iso={group.firstSeen} />
                </div>
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
