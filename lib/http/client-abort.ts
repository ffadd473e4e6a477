/**
 * Whether the error only means the client went away mid-request: Node fails the body stream with
 * "aborted" (ECONNRESET, no syscall: not a socket of ours), fetch-style code with an AbortError,
 * and the request's own signal says so. Nothing is wrong on our side and nobody reads the answer.
 */
export function isClientAbort(error: unknown, request?: Request): boolean {
  if (request?.signal.aborted) return true;
  const seen = new Set<unknown>();
  for (let item: unknown = error; typeof item === "object" && item !== null && !seen.has(item); item = (item as { cause?: unknown }).cause) {
    seen.add(item);
    const { name, message, code, syscall } = item as { name?: unknown; message?: unknown; code?: unknown; syscall?: unknown };
    if (name === "AbortError" || code === "ERR_STREAM_PREMATURE_CLOSE") return true;
    if (message === "aborted" || (code === "ECONNRESET" && syscall === undefined)) return true;
  }
  return false;
}
