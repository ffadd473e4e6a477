// Node flags the production server (`next start`) runs with, shared by `npm start` and the bench so
// that what is measured is what is deployed.
//
// --max-semi-space-size=64 (MiB; Node 20's default is 16): every request allocates a few hundred
// short-lived objects (Next's request and response wrappers, Prisma's query objects), and a young
// generation this small is swept by a scavenge every few dozen requests. In CPU profiles of
// `npm run bench -- webhook` a larger one cut the main thread's garbage collection from about 11 %
// to 6-8 % of the no-op route's time and from about 6.5 % to 2-4 % of the webhook's, for at most
// ~100 MiB more memory under load. An operator's own --max-semi-space-size in NODE_OPTIONS wins.
const SEMI_SPACE = "--max-semi-space-size=64";

/** NODE_OPTIONS for the server: the operator's options, plus Tether's defaults they do not set. */
export function serverNodeOptions(existing: string | undefined): string {
  const current = existing?.trim() ?? "";
  if (/(^|\s)--max-semi-space-size(=|\s|$)/.test(current)) return current;
  return [current, SEMI_SPACE].filter(Boolean).join(" ");
}
