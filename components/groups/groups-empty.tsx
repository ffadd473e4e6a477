import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { ListGroupsQuery } from "@/lib/domain/groups/list-groups-query";

export function isFiltered(query: ListGroupsQuery): boolean {
  return Boolean(query.project || query.query || query.level || query.assigned !== "anyone" || query.linked !== "any");
}

const STATUS_WORDS: Record<ListGroupsQuery["status"], string> = { unresolved: "unresolved groups", resolved: "resolved groups", ignored: "archived groups", all: "groups" };

/** What an empty list says, and the next step: clear the filters, go back, or send events. */
export function GroupsEmpty({ query, orgSlug, onClear, onFirstPage }: { query: ListGroupsQuery; orgSlug: string; onClear: () => void; onFirstPage: () => void }) {
  if (query.cursor || query.page > 1) {
    return (
      <EmptyState title="Nothing more on this page." action={<Button onClick={onFirstPage}>Back to the first page</Button>}>
        The groups changed since this page was opened.
      </EmptyState>
    );
  }
  if (isFiltered(query)) {
    return (
      <EmptyState title="No groups match these filters." action={<Button onClick={onClear}>Clear filters</Button>}>
        Try another status tab, or widen the search.
      </EmptyState>
    );
  }
  const code = "rounded bg-surface-muted px-1.5 py-0.5 text-xs text-fg";
  return (
    <EmptyState title={query.status === "unresolved" ? "No unresolved groups — nice." : `No ${STATUS_WORDS[query.status]}.`}>
      <p>
        Groups appear when events arrive. Point a Sentry SDK (Node, browser, Python…) at a project&apos;s DSN:{" "}
        <Link href={`/o/${orgSlug}/settings/projects`} className="font-medium text-accent-fg hover:underline focus-visible:outline-2 focus-visible:outline-accent">
          find it in the project&apos;s settings
        </Link>
        .
      </p>
      <p className="mt-1">
        Or send them to <code className={code}>POST /api/v1/projects/{orgSlug}/&#123;project&#125;/events</code> with an API token that has the{" "}
        <code className={code}>events:write</code> scope.
      </p>
    </EmptyState>
  );
}
