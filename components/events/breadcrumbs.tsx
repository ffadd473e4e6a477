"use client";

import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SdkBreadcrumb } from "@/lib/domain/events/stored-sdk-payload";

/** How many of the latest breadcrumbs show before "show all": the ones just before the error matter most. */
export const BREADCRUMBS_SHOWN = 10;

const LEVEL_TONE: Record<string, BadgeTone> = { fatal: "solid-danger", error: "danger", warning: "warning", info: "info", debug: "neutral", log: "neutral" };

// UTC, so the server's render and the browser's agree.
const clock = (iso: string) => iso.slice(11, 23);

function Crumb({ crumb }: { crumb: SdkBreadcrumb }) {
  const level = crumb.level ?? "info";
  return (
    <li className="flex flex-col gap-1 px-3 py-1.5 text-xs sm:flex-row sm:gap-3">
      <div className="flex shrink-0 items-center gap-1.5 sm:w-52">
        <span className="font-mono text-fg-subtle tabular-nums" title={crumb.timestamp ?? undefined}>
          {crumb.timestamp ? clock(crumb.timestamp) : "—"}
        </span>
        <Badge tone={LEVEL_TONE[level] ?? "neutral"} className="max-w-28 truncate">
          {crumb.category ?? crumb.type ?? "default"}
        </Badge>
      </div>
      <div className="min-w-0 flex-1">
        {crumb.message ? <p className="font-mono break-words whitespace-pre-wrap text-fg">{crumb.message}</p> : null}
        {crumb.data.length > 0 ? (
          <p className="font-mono break-all text-fg-muted">
            {crumb.data.map(([key, value], i) => (
              <span key={`${key}-${i}`} className="mr-2 inline-block">
                <span className="text-fg-subtle">{key}=</span>
                {value}
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** What happened before the error, oldest first and the latest last; older ones folded when there are many. */
export function Breadcrumbs({ breadcrumbs }: { breadcrumbs: SdkBreadcrumb[] }) {
  const [all, setAll] = useState(false);
  const hidden = all ? 0 : Math.max(0, breadcrumbs.length - BREADCRUMBS_SHOWN);
  return (
    <section aria-label="Breadcrumbs">
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-fg-subtle uppercase">
        Breadcrumbs <span className="font-normal normal-case">· {breadcrumbs.length} · times in UTC</span>
      </h3>
      <ol aria-label="Breadcrumb trail" className="divide-y divide-line overflow-hidden rounded-md border border-line">
        {hidden > 0 ? (
          <li className="bg-surface-muted">
            <button type="button" onClick={() => setAll(true)} className="w-full px-3 py-1.5 text-left text-xs text-fg-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-accent">
              ▸ Show all {breadcrumbs.length} breadcrumbs ({hidden} earlier)
            </button>
          </li>
        ) : null}
        {breadcrumbs.slice(hidden).map((crumb, i) => (
          <Crumb key={hidden + i} crumb={crumb} />
        ))}
      </ol>
    </section>
  );
}
