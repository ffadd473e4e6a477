"use client";

import { useState } from "react";
import { frameRuns, type StackFrame, type StoredFrames } from "@/lib/domain/events/stored-event";

function Frame({ frame }: { frame: StackFrame }) {
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
      {frame.contextLine ? (
        <pre className="mt-1.5 overflow-x-auto rounded border border-line bg-canvas px-2 py-1 font-mono text-xs text-fg">
          {frame.lineno !== null ? <span className="mr-3 text-fg-subtle select-none">{frame.lineno}</span> : null}
          {frame.contextLine}
        </pre>
      ) : null}
    </li>
  );
}

function LibraryFrames({ frames }: { frames: { frame: StackFrame; index: number }[] }) {
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
export function StackTrace({ stack }: { stack: StoredFrames }) {
  const runs = frameRuns(stack.frames);
  return (
    <div>
      {runs.length === 0 ? (
        <p className="text-sm text-fg-muted">No stack trace was sent with this event.</p>
      ) : (
        <>
          <p className="mb-1.5 text-xs text-fg-subtle">Most recent call first</p>
          <ol aria-label="Stack frames" className="divide-y divide-line overflow-hidden rounded-md border border-line">
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
