// Summarizes a V8 .cpuprofile (node --cpu-prof): where the samples land, by function (self time),
// by package or area (self time), and the functions most often on the stack (inclusive time).
//   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top=25]
// `npm run bench -- webhook` writes one per scenario when TETHER_BENCH_CPU_PROF=1.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type CallFrame = z.infer<typeof profileSchema>["nodes"][number]["callFrame"];

// The production server runs minified bundles (.next/server/chunks/*.js) with source maps beside
// them: frames there are mapped back to their original file, line and name.
const maps = new Map<string, SourceMap | null>();
function sourceMapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith("file:") ? fileURLToPath(url) : url;
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}

/** The frame as written in the sources when a source map knows it (url becomes the original file). */
export function originalFrame(frame: CallFrame): CallFrame {
  if (!frame.url.includes("/.next/") && !frame.url.includes("/next/dist/compiled/")) return frame;
  const entry = sourceMapFor(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry || !("originalSource" in entry) || typeof entry.originalSource !== "string") return frame;
  const file = frame.url.startsWith("file:") ? fileURLToPath(frame.url) : frame.url;
  const original = entry.originalSource.replace(/^turbopack:\/\/\/\[project\]\//, "").replace(/^webpack:\/\/[^/]*\//, "");
  const source = frame.url.includes("/next/dist/compiled/") ? `${file.slice(0, file.indexOf("/next/dist/") + 1)}next/dist/compiled-src/${original.replace(/^(\.\.?\/)+/, "")}` : path.resolve(path.dirname(file), original);
  const name = "name" in entry && typeof entry.name === "string" && entry.name ? entry.name : frame.functionName;
  return { functionName: name, url: source, lineNumber: entry.originalLine, columnNumber: entry.originalColumn };
}

/** The area a frame's code belongs to: a package name, "node:" internals, V8's pseudo-frames, or the app. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    const name = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    // Next's compiled copies of other packages (next/dist/compiled/<pkg>) say which one.
    if (name === "next" && rest[1] === "dist" && rest[2] === "compiled") return `next/compiled/${rest[3]}`;
    if (name === "next" && rest[1] === "dist") return `next/${rest[2]}`;
    return name;
  }
  if (url.includes("/.next/")) return ".next (unmapped bundle code)";
  if (url.includes("/lib/generated/prisma/")) return "prisma generated client";
  // Tether's own code, by folder (two levels): lib/http, lib/integrations/jira, app/api/jira…
  const own = /\/(lib|app|bench|scripts)\/(.*)$/.exec(url);
  if (own) return ["tether", [own[1], ...own[2].split("/").slice(0, -1).slice(0, 2)].join("/")].join(" ");
  return "other";
}

function frameKey(frame: CallFrame): string {
  const file = frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/\.next\//, ".next/").replace(`${process.cwd()}/`, "");
  return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

// What a sample was doing, judged from its whole stack: the first rule that matches names it. Socket
// writes come first because on a VM their cost (the syscall, and the wake-up of whoever reads) shows
// up inside whichever library wrote; the libraries' own rules then count only their own code.
type Activity = { label: string; matches: (stack: CallFrame[], leafArea: string) => boolean };
const ACTIVITIES: Activity[] = [
  { label: "garbage collection", matches: (stack) => stack[0].functionName === "(garbage collector)" },
  { label: "socket writes to PostgreSQL (one per statement)", matches: (stack) => isSocketWrite(stack) && stack.some((f) => f.url.includes("node_modules/pg/")) },
  { label: "socket writes of the HTTP answer", matches: (stack) => isSocketWrite(stack) },
  { label: "Prisma client (query plans, serialization, results)", matches: (_, area) => area.includes("prisma") },
  { label: "pg driver (protocol, pool)", matches: (_, area) => area.startsWith("pg") || area === "postgres-date" },
  { label: "JWT verification", matches: (stack) => stack.some((f) => /jose|atlassian-jwt|connect-jwt/.test(f.url)) },
  { label: "zod and JSON parsing", matches: (_, area) => area === "zod" || area === "tether lib/text" },
  { label: "pino", matches: (_, area) => area === "pino" },
  { label: "Tether code", matches: (_, area) => area.startsWith("tether") },
  { label: "Next: NextRequest (undici Request) from the Node request", matches: (stack) => stack.some((f) => f.functionName === "fromNodeNextRequest") },
  { label: "Next: request body stream", matches: (stack) => stack.some((f) => /^(arrayBuffer|consumeBody|readAllBytes)$/.test(f.functionName)) },
  { label: "Next: routing (resolveRoutes, next.config headers rules)", matches: (stack) => stack.some((f) => /^(resolveRoutes|handleRewrites)$/.test(f.functionName)) },
  { label: "async_hooks (AsyncLocalStorage)", matches: (stack, area) => area === "node:async_hooks" || stack[0].url.includes("async_hooks") },
  { label: "Next: other (route module, stores, tracing, compression)", matches: (_, area) => area.startsWith("next") || area.includes("opentelemetry") },
  { label: "Node HTTP parsing and streams", matches: (stack, area) => /^node:(_http|net|internal)/.test(area) || stack.some((f) => /^(parserOnHeadersComplete|onStreamRead)$/.test(f.functionName)) },
  { label: "other", matches: () => true },
];

function isSocketWrite(stack: CallFrame[]): boolean {
  return /^(writev|writeLatin1String|writeUtf8String|writeBuffer|writeAsciiString)$/.test(stack[0].functionName) && stack[0].url === "";
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Samples taken while the profiler itself was being stopped (left out of the rest). */
  profilerMs: number;
  bySelfFunction: [string, number][];
  bySelfArea: [string, number][];
  byInclusiveFunction: [string, number][];
  byActivity: [string, number][];
}

export function summarizeProfile(json: unknown): ProfileSummary {
  const profile = profileSchema.parse(json);
  const byId = new Map(profile.nodes.map((node) => [node.id, { ...node, callFrame: originalFrame(node.callFrame) }]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const activity = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let profilerMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    totalMs += ms;
    if (node.callFrame.functionName === "(idle)") {
      idleMs += ms;
      return;
    }
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && frame.functionName !== "(root)") stack.push(frame);
    }
    // Stopping the profiler serializes the profile on the main thread: not the server's work.
    if (stack.some((frame) => frame.url.includes("cpu-profile-preload"))) {
      profilerMs += ms;
      return;
    }
    const key = frameKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
    const a = areaOf(node.callFrame);
    area.set(a, (area.get(a) ?? 0) + ms);
    const doing = ACTIVITIES.find((rule) => rule.matches(stack, a))?.label ?? "other";
    activity.set(doing, (activity.get(doing) ?? 0) + ms);
    // Each function counts once per sample however deep its recursion.
    for (const k of new Set(stack.map(frameKey))) inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs, idleMs, profilerMs, bySelfFunction: sorted(self), bySelfArea: sorted(area), byInclusiveFunction: sorted(inclusive), byActivity: sorted(activity) };
}

function print(summary: ProfileSummary, top: number): void {
  const busy = summary.totalMs - summary.idleMs - summary.profilerMs;
  const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)} %`;
  console.log(`samples: ${summary.totalMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms, profiler ${summary.profilerMs.toFixed(0)} ms, busy ${busy.toFixed(0)} ms (percentages are of busy time)`);
  const section = (title: string, rows: [string, number][]) => {
    console.log(`\n${title}`);
    for (const [name, ms] of rows.slice(0, top)) console.log(`${pct(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  };
  section("by activity (whole stack)", summary.byActivity);
  section("self time by area", summary.bySelfArea);
  section("self time by function", summary.bySelfFunction);
  section("inclusive time by function", summary.byInclusiveFunction);
}

if (process.argv[1]?.endsWith("cpu-profile-summary.ts")) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  print(summarizeProfile(JSON.parse(readFileSync(file, "utf8"))), Number(top ?? 25));
}
