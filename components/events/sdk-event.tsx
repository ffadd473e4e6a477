import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { SdkContext, SdkEventDetail, SdkException, SdkRequest, SdkUser } from "@/lib/domain/events/stored-sdk-payload";
import { Breadcrumbs } from "./breadcrumbs";
import { StackTrace } from "./stack-trace";

export function SectionTitle({ children }: { children: ReactNode }) {
  return <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-fg-subtle uppercase">{children}</h3>;
}

function Mechanism({ mechanism }: { mechanism: SdkException["mechanism"] }) {
  if (!mechanism) return null;
  return (
    <>
      {mechanism.handled === false ? <Badge tone="danger">unhandled</Badge> : mechanism.handled === true ? <Badge>handled</Badge> : null}
      {mechanism.type && mechanism.type !== "generic" && mechanism.type !== "chained" ? (
        <Badge tone="info" title="How the SDK caught it (mechanism)">
          {mechanism.type}
        </Badge>
      ) : null}
    </>
  );
}

function ExceptionBlock({ exception, position }: { exception: SdkException; position: number }) {
  return (
    <li className="min-w-0">
      {position > 0 ? <p className="mb-1 text-xs font-medium text-fg-muted">Caused by</p> : null}
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h4 className="font-mono text-sm font-semibold break-all text-danger">{exception.module ? `${exception.module}.${exception.type}` : exception.type}</h4>
        <Mechanism mechanism={exception.mechanism} />
      </div>
      {exception.value ? <p className="mt-0.5 text-sm break-words whitespace-pre-wrap text-fg">{exception.value}</p> : null}
      <div className="mt-2">
        <StackTrace stack={{ frames: exception.frames, unreadable: 0 }} label={position === 0 ? "Stack frames" : `Stack frames of ${exception.type}`} />
      </div>
    </li>
  );
}

/** The exception chain, the raised one first and what caused it below, each with its frames. */
export function ExceptionChain({ exceptions }: { exceptions: SdkException[] }) {
  return (
    <section aria-label="Exception">
      <SectionTitle>{exceptions.length > 1 ? `Exception chain · ${exceptions.length}` : "Exception"}</SectionTitle>
      <ol className="space-y-4">
        {exceptions.map((exception, i) => (
          <ExceptionBlock key={i} exception={exception} position={i} />
        ))}
      </ol>
    </section>
  );
}

function KeyValues({ entries, label, mono = false }: { entries: [string, ReactNode][]; label?: string; mono?: boolean }) {
  return (
    <dl aria-label={label} className="grid grid-cols-[minmax(0,max-content)_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
      {entries.map(([key, value], i) => (
        <div key={`${key}-${i}`} className="contents">
          <dt className="truncate text-fg-subtle" title={key}>
            {key}
          </dt>
          <dd className={`min-w-0 break-all text-fg ${mono ? "font-mono" : ""}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const withheld = <span className="text-fg-subtle italic">[withheld]</span>;

function RequestSection({ request }: { request: SdkRequest }) {
  return (
    <section aria-label="Request">
      <SectionTitle>Request</SectionTitle>
      <div className="space-y-2 rounded-md border border-line p-3">
        <p className="flex min-w-0 flex-wrap items-baseline gap-x-2 font-mono text-xs">
          {request.method ? <span className="font-semibold text-fg">{request.method}</span> : null}
          {request.url ? <span className="min-w-0 break-all text-accent-fg">{request.url}</span> : <span className="text-fg-subtle">no URL</span>}
        </p>
        {request.query.length > 0 ? (
          <div>
            <p className="mb-0.5 text-[11px] font-medium text-fg-muted">Query</p>
            <KeyValues entries={request.query} label="Query string" mono />
          </div>
        ) : null}
        {request.data ? (
          <p className="text-xs text-fg-muted">
            Body: <span className="text-fg">{request.data}</span>
          </p>
        ) : null}
        {request.headers.length > 0 ? (
          <details className="text-xs">
            <summary className="cursor-pointer text-fg-muted hover:text-fg">{request.headers.length} headers</summary>
            <div className="mt-1">
              <KeyValues entries={request.headers.map((h): [string, ReactNode] => [h.name, h.value ?? withheld])} label="Request headers" mono />
            </div>
          </details>
        ) : null}
      </div>
    </section>
  );
}

function Card({ title, headline, children }: { title: string; headline?: string | null; children: ReactNode }) {
  return (
    <li className="min-w-0 rounded-md border border-line bg-surface-muted p-3">
      <p className="text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">{title}</p>
      {headline ? <p className="mt-0.5 truncate text-sm font-medium text-fg" title={headline}>{headline}</p> : null}
      {children ? <div className="mt-1.5">{children}</div> : null}
    </li>
  );
}

function userEntries(user: SdkUser): [string, string][] {
  const entries: [string, string | null][] = [
    ["ID", user.id],
    ["Email", user.email],
    ["Username", user.username],
    ["IP address", user.ipAddress],
    ["Location", user.geo],
  ];
  return entries.filter((e): e is [string, string] => e[1] !== null);
}

/** The user and every context the SDK sent, as cards: browser, OS, runtime, device, app, trace, and any other. */
export function ContextCards({ user, contexts }: { user: SdkUser | null; contexts: SdkContext[] }) {
  if (!user && contexts.length === 0) return null;
  return (
    <section aria-label="Contexts">
      <SectionTitle>Contexts</SectionTitle>
      <ul className="grid gap-2 sm:grid-cols-2">
        {user ? (
          <Card title="User" headline={user.email ?? user.username ?? user.id}>
            <KeyValues entries={userEntries(user)} />
          </Card>
        ) : null}
        {contexts.map((context) => (
          <Card key={context.key} title={context.title} headline={context.headline}>
            {context.entries.length > 0 ? <KeyValues entries={context.entries} /> : null}
          </Card>
        ))}
      </ul>
    </section>
  );
}

/** Everything an SDK event adds below the exception: breadcrumbs, request, user and contexts. */
export function SdkEventSections({ sdk }: { sdk: SdkEventDetail }) {
  return (
    <>
      {sdk.breadcrumbs.length > 0 ? <Breadcrumbs breadcrumbs={sdk.breadcrumbs} /> : null}
      {sdk.request ? <RequestSection request={sdk.request} /> : null}
      <ContextCards user={sdk.user} contexts={sdk.contexts} />
    </>
  );
}
