import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { GroupDetail } from "@/lib/domain/groups/get-group";
import { GroupLevelBadge, GroupStatusBadge } from "./group-status-badges";

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 rounded-lg border border-line bg-surface px-3 py-2.5 shadow-sm sm:px-4">
      <dt className="text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">{label}</dt>
      <dd className="mt-1 truncate text-base font-semibold text-fg tabular-nums sm:text-lg">{children}</dd>
    </div>
  );
}

/** The group's name, where it happens, its state and its numbers; the actions row comes as `actions`. */
export function GroupHeader({ group, orgSlug, actions }: { group: GroupDetail; orgSlug: string; actions: ReactNode }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-xs text-fg-subtle">
        <Link href={`/o/${orgSlug}/groups`} className="hover:text-fg hover:underline">
          Groups
        </Link>{" "}
        / <span className="font-mono text-fg-muted">{group.shortId}</span>
      </nav>

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-xs text-fg-subtle">
          <GroupLevelBadge level={group.level} />
          <GroupStatusBadge status={group.status} substatus={group.substatus} />
          <span className="font-mono text-fg-muted">{group.shortId}</span>
          <span aria-hidden>·</span>
          <span>
            project <span className="font-medium text-fg-muted">{group.project.name}</span>
          </span>
        </div>
        <h1 className="text-xl font-semibold tracking-tight break-words text-fg">{group.title}</h1>
        {group.culprit ? <p className="font-mono text-sm break-all text-fg-muted">{group.culprit}</p> : null}
        {group.message && group.message !== group.title ? <p className="text-sm break-words text-fg-muted">{group.message}</p> : null}
      </header>

      <div className="rounded-lg border border-line bg-surface px-3 py-2.5 shadow-sm sm:px-4">{actions}</div>

      <dl className="grid grid-cols-2 gap-2 sm:gap-3 md:grid-cols-5">
        <Stat label="Events">{group.timesSeen.toLocaleString("en-US")}</Stat>
        <Stat label="Users affected">{group.usersAffected.toLocaleString("en-US")}</Stat>
        <Stat label="First seen">
          <RelativeTime iso={group.firstSeen} />
        </Stat>
        <Stat label="Last seen">
          <RelativeTime iso={group.lastSeen} />
        </Stat>
        <Stat label="First release">{group.firstRelease ? <span title={group.firstRelease}>{group.firstRelease}</span> : <span className="text-fg-subtle">—</span>}</Stat>
      </dl>
    </>
  );
}
