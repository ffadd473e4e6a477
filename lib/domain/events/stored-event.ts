import { z } from "zod";

/**
 * Reading back what an event stored as JSON (frames, user). Intake validates on the way in, but
 * rows written by older versions, the demo seed or another tool may differ: a part that does not
 * fit is dropped and counted, never thrown, so a group page always renders.
 */

export interface StackFrame {
  filename: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean;
  /** The source line, when the SDK sent it. */
  contextLine: string | null;
}

export interface StoredFrames {
  /** Oldest call first, as SDKs send them. */
  frames: StackFrame[];
  /** Frames (or a whole stack trace) that could not be read. */
  unreadable: number;
}

const text = z.string().max(4096);
const position = z.number().int().nonnegative();

// Sentry's own spelling (in_app, abs_path, context_line) is accepted beside ours.
const storedFrameSchema = z
  .object({
    filename: text.nullish(),
    abs_path: text.nullish(),
    module: text.nullish(),
    function: text.nullish(),
    lineno: position.nullish(),
    colno: position.nullish(),
    inApp: z.boolean().nullish(),
    in_app: z.boolean().nullish(),
    contextLine: text.nullish(),
    context_line: text.nullish(),
  })
  .transform(
    (frame): StackFrame => ({
      filename: frame.filename ?? frame.abs_path ?? frame.module ?? null,
      function: frame.function ?? null,
      lineno: frame.lineno ?? null,
      colno: frame.colno ?? null,
      inApp: frame.inApp ?? frame.in_app ?? false,
      contextLine: frame.contextLine ?? frame.context_line ?? null,
    }),
  );

const MAX_FRAMES = 500;

export function parseStoredFrames(value: unknown): StoredFrames {
  if (value === null || value === undefined) return { frames: [], unreadable: 0 };
  // A stack trace object ({ frames: [...] }) is what some SDKs and older rows hold.
  const list = Array.isArray(value) ? value : typeof value === "object" && "frames" in value && Array.isArray(value.frames) ? value.frames : null;
  if (!list) return { frames: [], unreadable: 1 };
  const frames: StackFrame[] = [];
  let unreadable = Math.max(0, list.length - MAX_FRAMES);
  for (const item of list.slice(0, MAX_FRAMES)) {
    const parsed = storedFrameSchema.safeParse(item);
    if (parsed.success && (parsed.data.filename || parsed.data.function)) frames.push(parsed.data);
    else unreadable++;
  }
  return { frames, unreadable };
}

export type FrameRun<F extends StackFrame = StackFrame> = { kind: "app"; frame: F; index: number } | { kind: "library"; frames: { frame: F; index: number }[] };

/**
 * Frames most recent call first, with each run of library (not in-app) frames gathered so it can
 * be shown folded. A trace with no in-app frame at all is shown whole: there is nothing to fold
 * it around.
 */
export function frameRuns<F extends StackFrame>(frames: readonly F[]): FrameRun<F>[] {
  const newestFirst = frames.map((frame, index) => ({ frame, index })).reverse();
  const anyInApp = frames.some((f) => f.inApp);
  const runs: FrameRun<F>[] = [];
  for (const item of newestFirst) {
    if (item.frame.inApp || !anyInApp) {
      runs.push({ kind: "app", ...item });
      continue;
    }
    const last = runs.at(-1);
    if (last?.kind === "library") last.frames.push(item);
    else runs.push({ kind: "library", frames: [item] });
  }
  return runs;
}

export interface EventUser {
  id: string | null;
  email: string | null;
  username: string | null;
  ipAddress: string | null;
}

const storedUserSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  email: z.string().nullish(),
  username: z.string().nullish(),
  ipAddress: z.string().nullish(),
  ip_address: z.string().nullish(),
});

/** The event's user, or null when none was stored (or what was stored names nobody). */
export function parseStoredUser(value: unknown): EventUser | null {
  const parsed = storedUserSchema.safeParse(value);
  if (!parsed.success) return null;
  const user = {
    id: parsed.data.id === null || parsed.data.id === undefined ? null : String(parsed.data.id),
    email: parsed.data.email ?? null,
    username: parsed.data.username ?? null,
    ipAddress: parsed.data.ipAddress ?? parsed.data.ip_address ?? null,
  };
  return Object.values(user).some((v) => v) ? user : null;
}
