import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EventUser } from "@/lib/domain/events/stored-event";
import type { GroupEventDetail } from "@/lib/domain/groups/get-group-event";
import { ExceptionChain, SdkEventSections } from "./sdk-event";
import { StackTrace } from "./stack-trace";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-fg">{children}</dd>
    </div>
  );
}

const none = <span className="text-fg-subtle">—</span>;

function userText(user: EventUser): string {
  return [user.email ?? user.username ?? user.id, user.email && user.id ? `(${user.id})` : null, user.ipAddress && (user.email || user.id || user.username) ? `· ${user.ipAddress}` : user.ipAddress]
    .filter(Boolean)
    .join(" ");
}

function EventNavigation({ event, basePath }: { event: GroupEventDetail; basePath: string }) {
  const link = (id: string | null, label: string, rel: string) =>
    id ? (
      <Link href={`${basePath}?event=${encodeURIComponent(id)}`} rel={rel} scroll={false} className={buttonClass("secondary", "sm")}>
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={buttonClass("secondary", "sm", "pointer-events-none opacity-40")}>
        {label}
      </span>
    );
  return (
    <nav aria-label="Events" className="flex gap-1.5">
      {link(event.newerId, "← Newer", "prev")}
      {link(event.olderId, "Older →", "next")}
    </nav>
  );
}

/** One event in full: the exception, its stack trace, who hit it, where and when, and its tags. */
export function EventView({ event, basePath, isLatest }: { event: GroupEventDetail | null; basePath: string; isLatest: boolean }) {
  if (!event) {
    return (
      <EmptyState title="No events stored for this group">
        Events appear here as soon as an SDK or the events API sends one for this group.
      </EmptyState>
    );
  }
  const tags = Object.entries(event.tags).filter(([key]) => key !== "environment" && key !== "release");
  const sdk = event.sdk;
  const chain = sdk && sdk.exceptions.length > 0 ? sdk.exceptions : null;
  // The SDK's user stands in when the stored columns kept none.
  const user = event.user ?? (sdk?.user ? { id: sdk.user.id, email: sdk.user.email, username: sdk.user.username, ipAddress: sdk.user.ipAddress } : null);
  return (
    <Panel
      title={isLatest ? "Latest event" : "Event"}
      description={
        <span className="font-mono" title={`Event id ${event.eventId}`}>
          {event.eventId.slice(0, 12)}
        </span>
      }
      actions={<EventNavigation event={event} basePath={basePath} />}
    >
      <div className="space-y-4">
        {chain ? null : (
          <div>
            {event.exceptionType ? (
              <>
                <h3 className="font-mono text-sm font-semibold break-words text-danger">{event.exceptionType}</h3>
                {event.exceptionValue ? <p className="mt-0.5 text-sm break-words whitespace-pre-wrap text-fg">{event.exceptionValue}</p> : null}
              </>
            ) : (
              <h3 className="text-sm font-semibold break-words text-fg">{event.message ?? event.title}</h3>
            )}
            {event.exceptionType && event.message ? <p className="mt-1 text-sm text-fg-muted">{event.message}</p> : null}
          </div>
        )}

        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Fact label="When">
            <RelativeTime iso={event.timestamp} />
          </Fact>
          <Fact label="User">{user ? <span title={userText(user)}>{userText(user)}</span> : none}</Fact>
          <Fact label="Release">{event.release ? <span className="font-mono text-xs" title={event.release}>{event.release}</span> : none}</Fact>
          <Fact label="Environment">{event.environment ?? none}</Fact>
          {sdk ? (
            <>
              <Fact label="Transaction">{sdk.transaction ? <span className="font-mono text-xs" title={sdk.transaction}>{sdk.transaction}</span> : none}</Fact>
              <Fact label="Platform">{sdk.platform ?? none}</Fact>
              <Fact label="SDK">{sdk.sdk ? <span className="font-mono text-xs" title={`${sdk.sdk.name} ${sdk.sdk.version ?? ""}`}>{[sdk.sdk.name, sdk.sdk.version].filter(Boolean).join(" ")}</span> : none}</Fact>
              <Fact label="Server">{sdk.serverName ?? none}</Fact>
            </>
          ) : null}
        </dl>

        {chain ? (
          <>
            {event.message ? <p className="text-sm text-fg-muted">{event.message}</p> : null}
            <ExceptionChain exceptions={chain} />
          </>
        ) : (
          <section aria-label="Stack trace">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-fg-subtle uppercase">Stack trace</h3>
            <StackTrace stack={sdk && sdk.stacktrace.length > 0 ? { frames: sdk.stacktrace, unreadable: 0 } : event.stack} />
          </section>
        )}

        {sdk ? <SdkEventSections sdk={sdk} /> : null}

        {tags.length > 0 ? (
          <section aria-label="Event tags">
            <p aria-hidden className="mb-1 text-xs font-semibold tracking-wide text-fg-subtle uppercase">Tags</p>
            <ul className="flex flex-wrap gap-1.5">
              {tags.map(([key, value]) => (
                <li key={key} className="max-w-full truncate rounded border border-line bg-surface-muted px-1.5 py-0.5 text-xs text-fg-muted" title={`${key}: ${value}`}>
                  <span className="text-fg-subtle">{key}:</span> <span className="text-fg">{value}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {sdk && sdk.unreadable > 0 ? (
          <p className="text-xs text-fg-subtle">
            {sdk.unreadable} {sdk.unreadable === 1 ? "part" : "parts"} of what the SDK sent could not be read and {sdk.unreadable === 1 ? "is" : "are"} not shown.
          </p>
        ) : null}
      </div>
    </Panel>
  );
}
