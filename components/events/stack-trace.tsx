"use client";

import { useState } from "react";
import { frameRuns, type StackFrame, type StoredFrames } from "@/lib/domain/events/stored-event";

/** A frame as the page shows it: what the events API stores, plus what an SDK may add. */
export type DisplayFrame = StackFrame & { preContext?: string[]; postContext?: string[]; vars?: [string, string][] };

function SourceContext({ frame }: { frame: DisplayFrame }) {
  const pre = frame.preContext ?? [];
  const post = frame.postContext ?? [];
  if (pre.length + post.length === 0) {
    return (
      <pre className="mt-1.5 overflow-x-auto rounded border border-line bg-canvas px-2 py-1 font-mono text-xs text-fg">
        {frame.lineno !== null ? <span className="mr-3 text-fg-subtle select-none">{frame.lineno}</span> : null}
        {frame.contextLine}
      </pre>
    );
  }
  // Numbers only when the SDK said which line this is; the lines around it count from there.
  const first = frame.lineno !== null ? frame.lineno - pre.length : null;
  const rows = [...pre.map((line) => ({ line, current: false })), { line: frame.contextLine ?? "", current: true }, ...post.map((line) => ({ line, current: false }))];
  return (
    <pre className="mt-1.5 overflow-x-auto rounded border border-line bg-canvas py-1 font-mono text-xs text-fg">
      {rows.map((row, i) => (
        <span
          key={i}
          data-current-line={row.current || undefined}
          className={`block min-w-max px-2 ${row.current ? "bg-accent-soft text-fg" : "text-fg-muted"}`}
        >
          {first !== null && first + i > 0 ? <span className="mr-3 inline-block min-w-[3ch] text-right text-fg-subtle select-none">{first + i}</span> : null}
          {row.line || " "}
        </span>
      ))}
    </pre>
  );
}

function Variables({ vars }: { vars: [string, string][] }) {
  return (
    <details className="mt-1.5 text-xs">
      <summary className="cursor-pointer text-fg-muted hover:text-fg">
        {vars.length} local {vars.length === 1 ? "variable" : "variables"}
      </summary>
      <dl className="mt-1 grid grid-cols-[minmax(0,max-content)_minmax(0,1fr)] gap-x-3 gap-y-0.5 rounded border border-line bg-canvas px-2 py-1 font-mono">
        {vars.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="truncate text-fg-muted">{name}</dt>
            <dd className="break-all text-fg">{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Frame({ frame }: { frame: DisplayFrame }) {
  const where = [frame.lineno, frame.colno].filter((n) => n !== null).join(":");
  return (
    <li className={`px-3 py-2 ${frame.inApp ? "" : "bg-surface-muted"}`}>
      <div className="flex flex-wrap items-baseline gap-x-1.5 font-mono text-xs">
        <span className={`break-all ${frame.inApp ? "font-medium text-fg" : "text-fg-muted"}`}>{frame.filename ?? "<unknown file>"}</span>
        {frame.function ? (
          <>
            <span className="text-fg-subtle">in</span>
            <span className={`break-all ${frame.inApp ? "text-accent-fg" : "text-fg-muted"}`}>{frame.function}</span>
          </>
        ) : null}
        {where ? <span className="text-fg-subtle">at line {where}</span> : null}
        {frame.inApp ? (
          <span className="ml-auto rounded bg-accent-soft px-1 py-px font-sans text-[10px] font-medium text-accent-fg">in app</span>
        ) : null}
      </div>
      {frame.contextLine ? <SourceContext frame={frame} /> : null}
      {frame.vars && frame.vars.length > 0 ? <Variables vars={frame.vars} /> : null}
    </li>
  );
}

function LibraryFrames({ frames }: { frames: { frame: DisplayFrame; index: number }[] }) {
  const [open, setOpen] = useState(false);
  if (open) return frames.map(({ frame, index }) => <Frame key={index} frame={frame} />);
  return (
    <li className="bg-surface-muted">
      <button type="button" aria-expanded={false} onClick={() => setOpen(true)} className="w-full px-3 py-1.5 text-left text-xs text-fg-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-accent">
        ▸ {frames.length} library {frames.length === 1 ? "frame" : "frames"}
      </button>
    </li>
  );
}

/** The stack trace, most recent call first, library code folded between the app's own frames. */
export function StackTrace({ stack, label = "Stack frames" }: { stack: StoredFrames | { frames: DisplayFrame[]; unreadable: number }; label?: string }) {
  const runs = frameRuns<DisplayFrame>(stack.frames);
  return (
    <div>
      {runs.length === 0 ? (
        <p className="text-sm text-fg-muted">No stack trace was sent with this event.</p>
      ) : (
        <>
          <p className="mb-1.5 text-xs text-fg-subtle">Most recent call first</p>
          <ol aria-label={label} className="divide-y divide-line overflow-hidden rounded-md border border-line">
            {runs.map((run) => (run.kind === "app" ? <Frame key={run.index} frame={run.frame} /> : <LibraryFrames key={`lib-${run.frames[0]?.index}`} frames={run.frames} />))}
          </ol>
        </>
      )}
      {stack.unreadable > 0 ? (
        <p className="mt-1.5 text-xs text-fg-subtle">
          {stack.unreadable} {stack.unreadable === 1 ? "part" : "parts"} of the stored stack trace could not be read and {stack.unreadable === 1 ? "is" : "are"} not shown.
        </p>
      ) : null}
    </div>
  );
}
