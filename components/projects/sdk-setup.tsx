"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { CopyButton } from "@/components/ui/copy-button";

interface Platform {
  id: "node" | "browser" | "python";
  name: string;
  install: string;
  file: string;
  code: (dsn: string) => string;
  note: string;
}

const PLATFORMS: Platform[] = [
  {
    id: "node",
    name: "Node.js",
    install: "npm install @sentry/node",
    file: "instrument.mjs",
    code: (dsn) => `import * as Sentry from "@sentry/node";

Sentry.init({
  dsn: "${dsn}",
  environment: process.env.NODE_ENV,
});`,
    note: "Load it before the rest of the app: node --import ./instrument.mjs app.mjs (with CommonJS, require it on the app's first line).",
  },
  {
    id: "browser",
    name: "Browser",
    install: "npm install @sentry/browser",
    file: "main.js",
    code: (dsn) => `import * as Sentry from "@sentry/browser";

Sentry.init({
  dsn: "${dsn}",
  release: "my-app@1.0.0",
});`,
    note: "Run it before the app starts. The DSN may ship in browser code: it only lets its holder send events to this project, and Tether answers the SDK's cross-origin requests.",
  },
  {
    id: "python",
    name: "Python",
    install: "pip install sentry-sdk",
    file: "app.py",
    code: (dsn) => `import sentry_sdk

sentry_sdk.init(
    dsn="${dsn}",
    environment="production",
)`,
    note: "Call it as early as possible, before the web framework starts; Django, Flask and FastAPI are picked up on their own.",
  },
];

function CodeBlock({ code, what, caption }: { code: string; what: string; caption?: string }) {
  return (
    <figure className="min-w-0">
      {caption ? <figcaption className="mb-1 font-mono text-[11px] text-fg-subtle">{caption}</figcaption> : null}
      <div className="flex items-start gap-2 rounded-md border border-line bg-surface-muted">
        <pre className="min-w-0 flex-1 overflow-x-auto p-3 text-xs leading-relaxed text-fg">
          <code>{code}</code>
        </pre>
        <CopyButton value={code} what={what} variant="ghost" className="m-1.5 shrink-0" />
      </div>
    </figure>
  );
}

/** Set-up for the official Sentry SDKs, with this project's DSN filled in. */
export function SdkSetup({ dsn }: { dsn: string }) {
  const [active, setActive] = useState<Platform["id"]>("node");
  const baseId = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const platform = PLATFORMS.find((p) => p.id === active) ?? PLATFORMS[0];
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + PLATFORMS.length) % PLATFORMS.length;
    setActive(PLATFORMS[next].id);
    tabs.current[next]?.focus();
  };
  return (
    <section aria-label="SDK set-up" className="space-y-3">
      <div role="tablist" aria-label="Platform" className="flex gap-1 border-b border-line">
        {PLATFORMS.map((p, index) => (
          <button
            key={p.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${p.id}`}
            aria-selected={p.id === active}
            aria-controls={`${baseId}-panel`}
            tabIndex={p.id === active ? 0 : -1}
            onClick={() => setActive(p.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-accent ${p.id === active ? "border-accent text-fg" : "border-transparent text-fg-muted hover:text-fg"}`}
          >
            {p.name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${platform.id}`} className="space-y-3">
        <CodeBlock code={platform.install} what={`${platform.name} install command`} />
        <CodeBlock code={platform.code(dsn)} what={`${platform.name} set-up`} caption={platform.file} />
        <p className="text-xs text-fg-muted">{platform.note}</p>
      </div>
    </section>
  );
}
