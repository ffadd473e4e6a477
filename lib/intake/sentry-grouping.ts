import { normaliseMessage } from "@/lib/domain/events/fingerprint";

/** A stack frame as the SDK sent it (text already made storable), oldest first within its stack. */
export interface GroupingFrame {
  module?: string;
  filename?: string;
  absPath?: string;
  function?: string;
  inApp?: boolean;
  /** The source line, which names an anonymous function's place when nothing else does. */
  contextLine?: string;
}

export interface GroupingException {
  type: string;
  value?: string;
  /** Undefined when the exception came without a stacktrace (then its value groups it). */
  frames?: readonly GroupingFrame[];
}

export interface GroupingSource {
  /** The chain, oldest cause first and the raised exception last, as Sentry's `exception.values`. */
  exceptions: readonly GroupingException[];
  /** For an event without exception: the message template (logentry.message before formatting) or the message. */
  message?: string;
}

/**
 * Sentry's default grouping, as the parts an SDK event groups by (`{{ default }}` in a custom
 * fingerprint stands for them):
 * - an exception chain groups by each exception's type plus its stack frames' module (or, without
 *   one, a module made from the filename) and function (an anonymous one by its short source
 *   line, as Sentry does for JavaScript): in-app frames only when the chain has any,
 *   else all frames. Line and column numbers and the value (message) do not count, so an id in the
 *   message or a moved line keeps the group, while the same error from another call site is a new
 *   one. An exception without a stacktrace counts its value instead, normalized (numbers, ids,
 *   addresses and times stripped);
 * - a message groups by its template (or text), normalized the same way.
 */
export function sentryGroupingParts(source: GroupingSource): string[] {
  if (source.exceptions.length === 0) return ["message", normaliseMessage(source.message ?? "")];
  const anyInApp = source.exceptions.some((exception) => exception.frames?.some((frame) => frame.inApp === true));
  const parts = ["exception"];
  for (const exception of source.exceptions) {
    parts.push(`type:${exception.type}`);
    if (!exception.frames?.length) {
      parts.push(`value:${normaliseMessage(exception.value ?? "")}`);
      continue;
    }
    for (const frame of exception.frames) {
      if (anyInApp && frame.inApp !== true) continue;
      parts.push(`frame:${frameModule(frame)}:${frameName(frame)}`);
    }
  }
  return parts;
}

/**
 * As Sentry does for JavaScript: an anonymous function is told apart by its source line when
 * that is short (two anonymous route handlers in one file are two places), and by nothing else.
 */
function frameName(frame: GroupingFrame): string {
  const name = frameFunction(frame.function);
  if (name !== "<anonymous>" && name !== "") return name;
  const line = frame.contextLine?.trim();
  return line && line.length <= 120 ? `${name || "<anonymous>"}@${line}` : name;
}

function frameModule(frame: GroupingFrame): string {
  if (frame.module) return normaliseModule(frame.module);
  const file = frame.filename ?? frame.absPath;
  return file ? moduleFromFilename(file) : "";
}

// Java's generated lambda and proxy classes carry counters that change between builds.
function normaliseModule(module: string): string {
  return module
    .replace(/\$\$Lambda\$\d+(\/0x[0-9a-f]+)?/gi, "$$$$Lambda")
    .replace(/\$\$(EnhancerBySpringCGLIB|FastClassBySpringCGLIB)\$\$[0-9a-f]+/gi, "$$$$$1")
    .replace(/\$Proxy\d+/g, "$$Proxy");
}

/**
 * What Sentry derives when a frame names no module (browser SDKs): the path without scheme, host,
 * query, fragment or extension, with hashes and versions taken out, so a new deploy of the same
 * bundle (`main.3f2a9c1b.js`, `/static/1.4.2/app.js`) keeps its groups.
 */
export function moduleFromFilename(filename: string): string {
  let path = filename.trim().replace(/[?#].*$/, "");
  path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/^(webpack|app|file):\/*/i, "");
  path = path.replace(/^\.?\/+/, "");
  const segments = path.split(/[\\/]+/).filter((segment) => segment !== "" && segment !== ".");
  const cleaned = segments.map((segment, index) => {
    let part = index === segments.length - 1 ? segment.replace(/(\.(min|bundle|chunk))*\.[a-z0-9]{1,5}$/i, "") : segment;
    part = part.replace(/[-_.]?[0-9a-f]{8,}(?=$|[-_.])/gi, "").replace(/(^|[-_.@])v?\d+(\.\d+)+(?=$|[-_.])/gi, "$1<version>");
    return /^(v?\d+(\.\d+)*|[0-9a-f]{8,})$/i.test(part) ? "<version>" : part;
  });
  return cleaned.filter((part) => part !== "").join("/");
}

/**
 * A function name without what varies by how it was called: `async `/`new ` prefixes and the
 * `Object.`/`Module.` receivers Node prints, and anonymous functions (`?`, `<anonymous>`, `Server.?`)
 * as one name.
 */
export function frameFunction(name: string | undefined): string {
  if (!name) return "";
  let fn = name.trim().replace(/^(async|new)\s+/, "");
  fn = fn.replace(/^(Object|Module)\./, "");
  if (/(^|\.)(\?|<anonymous>|anonymous|<anonymous function>)$/i.test(fn)) return "<anonymous>";
  // Minified names, generated ids and `[as alias]` suffixes.
  return fn.replace(/\s*\[as [^\]]+\]$/, "").replace(/\$\d+$/, "");
}
