"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import { apiRequest } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { QueryError } from "@/components/ui/query-error";
import { exactTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { isRetryableSync } from "@/lib/domain/sync-history/retryable-sync";
import { OUTCOME_TONE, PROVIDER_LABEL, isDeadLetter, isUnsettled, type SyncEventDetail } from "./sync-event";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Everything about one sync-history row, in a side panel (a full-screen sheet on a phone). Esc,
 * the close button and the backdrop close it; focus stays inside while open and goes back to what
 * opened it.
 */
export function SyncEventDrawer({
  orgSlug,
  eventId,
  onClose,
  onRetry,
  retrying,
}: {
  orgSlug: string;
  eventId: string;
  onClose: () => void;
  onRetry: (id: string) => void;
  retrying: boolean;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const detail = useQuery({
    queryKey: ["sync-event", orgSlug, eventId],
    queryFn: () => apiRequest<SyncEventDetail>(`/api/v1/organizations/${orgSlug}/sync-events/${encodeURIComponent(eventId)}`),
    refetchInterval: (query) => (query.state.data && isUnsettled(query.state.data) ? 2_500 : false),
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    return () => {
      // The row that opened the drawer may have been re-rendered by a refresh: find it by its id.
      const target = opener?.isConnected
        ? opener
        : [...document.querySelectorAll<HTMLElement>(`[data-sync-open="${CSS.escape(eventId)}"]`)].find((element) => element.offsetParent !== null);
      target?.focus();
    };
  }, [eventId]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== "Tab" || !panel.current) return;
    const focusable = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const row = detail.data;
  return (
    <div className="fixed inset-0 z-40" onKeyDown={onKeyDown}>
      <div aria-hidden className="absolute inset-0 bg-black/40" onClick={onClose} />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby="sync-event-title"
        className="absolute inset-0 flex flex-col overflow-hidden bg-surface shadow-xl sm:inset-y-0 sm:right-0 sm:left-auto sm:w-[30rem] sm:border-l sm:border-line"
      >
        <header className="flex items-start justify-between gap-3 border-b border-line px-4 py-3">
          <div className="min-w-0">
            <h2 id="sync-event-title" className="text-base font-semibold text-fg">
              Sync event
            </h2>
            {row ? (
              <p className="mt-0.5 text-xs text-fg-muted">
                <time dateTime={row.createdAt}>{exactTime(row.createdAt)}</time>
              </p>
            ) : null}
          </div>
          <Button ref={closeButton} variant="ghost" size="sm" aria-label="Close" onClick={onClose}>
            ✕
          </Button>
        </header>
        <div className="flex-1 space-y-5 overflow-y-auto px-4 py-4 text-sm">
          {detail.isPending ? (
            <div className="space-y-3" aria-busy="true" aria-label="Loading the sync event">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} className="h-4 w-full" />
              ))}
            </div>
          ) : detail.error ? (
            <QueryError what="this sync event" error={detail.error} onRetry={() => void detail.refetch()} className="text-sm text-danger" />
          ) : row ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={OUTCOME_TONE[row.outcome]}>{row.outcome}</Badge>
                {isDeadLetter(row) ? <Badge tone="solid-danger">dead letter</Badge> : null}
                <span className="text-fg">
                  {row.direction === "inbound" ? "From" : "To"} {PROVIDER_LABEL[row.provider] ?? row.provider} · {row.kind.replaceAll("_", " ")}
                </span>
                {isRetryableSync(row) ? (
                  <Button size="sm" variant="primary" className="ml-auto" pending={retrying} onClick={() => onRetry(row.id)}>
                    Retry
                  </Button>
                ) : null}
              </div>
              {isRetryableSync(row) ? (
                <p className="text-xs text-fg-muted">
                  {row.reason === "not retryable" ? "The provider refused this sync, so Tether did not retry it by itself. " : ""}
                  Retry sends the group&apos;s current {row.kind} to {PROVIDER_LABEL[row.provider] ?? row.provider} again, as a new attempt.
                </p>
              ) : null}
              {row.error ? (
                <p role="note" className="rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-danger">
                  {row.error}
                </p>
              ) : null}
              <Section title="Summary">
                <Fields
                  rows={[
                    ["Provider", PROVIDER_LABEL[row.provider] ?? row.provider],
                    ["Integration", row.integration?.name ?? null],
                    ["Kind", row.kind.replaceAll("_", " ")],
                    ["Direction", row.direction === "inbound" ? "Inbound (webhook)" : "Outbound (Tether → provider)"],
                    ["Outcome", row.outcome],
                    ["Reason", row.reason],
                    ["Attempt", String(row.attempt)],
                    ["Delivery id", row.deliveryId ?? null],
                    ["Job", row.job ? `${row.job}${row.jobId ? ` · ${row.jobId}` : ""}` : row.jobId],
                    ["Duration", row.durationMs === null ? null : `${row.durationMs} ms`],
                    ["External key", row.externalKey],
                    [
                      "Group",
                      row.group ? (
                        <span className="flex flex-col gap-0.5">
                          <Link className="text-accent-fg hover:underline" href={`/o/${orgSlug}/groups/${row.group.id}`}>
                            {row.group.shortId ? `${row.group.shortId} · ` : ""}
                            {row.group.title}
                          </Link>
                          <Link className="text-xs text-fg-muted hover:underline" href={`/o/${orgSlug}/sync?group=${encodeURIComponent(row.group.id)}`}>
                            This group&apos;s sync history
                          </Link>
                        </span>
                      ) : null,
                    ],
                    ["Channel", row.discord?.channelId ?? null],
                    ["Discord user", row.discord ? (row.discord.userEmail ?? (row.discord.discordUserId ? `${row.discord.discordUserId} (not linked)` : null)) : null],
                  ]}
                />
              </Section>
              <Section title={row.direction === "inbound" ? "Request (what the provider sent)" : "Request (what Tether sends)"}>
                {row.payload.fields.length === 0 ? (
                  <p className="text-fg-muted">No payload was recorded for this row.</p>
                ) : (
                  <Fields rows={row.payload.fields.map((field) => [field.name, field.value])} mono />
                )}
                {row.payload.hidden.length > 0 ? (
                  <p className="mt-2 text-xs text-fg-muted">
                    Hidden (secret): <span className="font-mono">{row.payload.hidden.join(", ")}</span>
                  </p>
                ) : null}
                {row.payload.json !== null ? (
                  <details className="mt-2 rounded-md border border-line bg-surface-muted">
                    <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-fg-muted">JSON</summary>
                    <pre className="max-h-72 overflow-auto px-3 pb-3 text-xs break-all whitespace-pre-wrap text-fg">{JSON.stringify(row.payload.json, null, 2)}</pre>
                  </details>
                ) : null}
              </Section>
              <Section title="Response (what happened)">
                <Fields
                  rows={[
                    ["Outcome", row.outcome],
                    [row.error ? "Error" : "Reason", row.error ?? row.reason],
                    ["Duration", row.durationMs === null ? null : `${row.durationMs} ms`],
                    ["External key", row.externalKey],
                  ]}
                />
              </Section>
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-fg-subtle uppercase">{title}</h3>
      {children}
    </section>
  );
}

function Fields({ rows, mono = false }: { rows: [string, ReactNode][]; mono?: boolean }) {
  return (
    <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1.5">
      {rows.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className={`text-fg-muted ${mono ? "font-mono text-xs leading-5" : ""}`}>{name}</dt>
          <dd className={`min-w-0 break-words text-fg ${mono ? "font-mono text-xs leading-5" : ""}`}>{value ?? <span className="text-fg-subtle">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
