import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { classifyAddress } from "./ip-address-class";

// The Jira site URL comes from an install callback (or, later, from the database): Tether must only
// ever call Jira Cloud with it, never its own network. Checked statically (scheme, host) at install
// and before every call, and by address when the connection is made.

export interface SiteGuardSettings {
  /** JIRA_ALLOW_INSECURE_BASE_URL=1: loopback sites (also over http) and private addresses, for tests. */
  allowInsecureSites: boolean;
  /** Host suffixes a site may use ("atlassian.net" allows acme.atlassian.net). */
  allowedHostSuffixes: readonly string[];
  /**
   * The sandbox site's base URL (lib/sandbox), set only on the client of the sandbox's own
   * installation while the sandbox is on: URLs under it are Tether itself and allowed as they are.
   */
  sandboxBaseUrl?: string | null;
}

/** Whether `url` is under the sandbox base URL these settings allow (same origin, path below it). */
export function isSandboxSiteUrl(url: URL, settings: SiteGuardSettings): boolean {
  if (!settings.sandboxBaseUrl || !URL.canParse(settings.sandboxBaseUrl)) return false;
  const base = new URL(settings.sandboxBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  return !url.username && !url.password && url.origin === base.origin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
}

/** A Jira site Tether refuses to call; retrying cannot help, so it is never retried. */
export class JiraSiteRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JiraSiteRefusedError";
  }
}

/** The host as DNS and the classifier read it: no brackets, lower case, no trailing dot. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase().replace(/\.$/, "");
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && classifyAddress(host) === "loopback");
}

function hostAllowed(host: string, suffixes: readonly string[]): boolean {
  return isIP(host) === 0 && suffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/** Why Tether will not call this URL as a Jira site, or null when the scheme and host are fine. */
export function jiraSiteUrlProblem(url: URL, settings: SiteGuardSettings): string | null {
  if (isSandboxSiteUrl(url, settings)) return null;
  const host = bareHost(url);
  const insecureLoopback = settings.allowInsecureSites && isLoopbackHost(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && insecureLoopback)) return "The Jira site must be an https:// URL";
  if (url.username || url.password) return "The Jira site URL may not carry credentials";
  if (!insecureLoopback && !hostAllowed(host, settings.allowedHostSuffixes)) {
    return `The Jira site must be on an Atlassian Cloud host (${settings.allowedHostSuffixes.map((s) => `*.${s}`).join(", ")}); set TETHER_JIRA_ALLOWED_HOSTS to allow others`;
  }
  return null;
}

export function assertJiraSiteUrl(url: URL, settings: SiteGuardSettings): void {
  const problem = jiraSiteUrlProblem(url, settings);
  if (problem) throw new JiraSiteRefusedError(problem);
}

/** Refuses an address a Jira Cloud site cannot have (loopback, private, link-local, …) unless insecure. */
export function assertSiteAddress(host: string, address: string, settings: SiteGuardSettings): void {
  if (settings.allowInsecureSites) return;
  const kind = classifyAddress(address);
  if (kind !== "public") throw new JiraSiteRefusedError(`The Jira site ${host} resolves to a ${kind} address (${address}); Tether does not call it`);
}

export type Resolver = (hostname: string, options: { all: true; family?: number }) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) => dnsLookup(hostname, { ...options, all: true });

/** Every address of the host, each one checked: one bad answer refuses the host. */
export async function resolveCheckedAddresses(host: string, settings: SiteGuardSettings, family = 0, resolve: Resolver = systemResolver): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host, family ? { all: true, family } : { all: true });
  } catch {
    throw Object.assign(new Error(`Cannot resolve the Jira site ${host}`), { code: "ENOTFOUND" });
  }
  if (addresses.length === 0) throw Object.assign(new Error(`Cannot resolve the Jira site ${host}`), { code: "ENOTFOUND" });
  for (const { address } of addresses) assertSiteAddress(host, address, settings);
  return addresses;
}

/**
 * A `lookup` for node:http(s) that answers only checked addresses, so the socket connects to the very
 * address that was checked (no second resolution a DNS-rebinding answer could change).
 */
export function checkedLookup(settings: SiteGuardSettings, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolveCheckedAddresses(hostname.toLowerCase().replace(/\.$/, ""), settings, typeof options.family === "number" ? options.family : 0, resolve).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}
