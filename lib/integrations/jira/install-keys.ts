import { jiraAppSettings } from "./app-settings";

// Atlassian publishes the public key of each signed install under its key id. Keys never change
// for a kid, so a per-process read cache is safe (design: only short-lived caches in memory).
const cache = new Map<string, { pem: string; expiresAt: number }>();
const CACHE_MS = 60 * 60 * 1000;
const KID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export async function fetchInstallPublicKey(kid: string, options: { baseUrl?: string; timeoutMs?: number } = {}): Promise<string | null> {
  if (!KID_PATTERN.test(kid)) return null;
  const base = options.baseUrl ?? jiraAppSettings().installKeysUrl;
  const cacheKey = `${base}/${kid}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt > Date.now()) return hit.pem;
  let response: Response;
  try {
    response = await fetch(`${base}/${encodeURIComponent(kid)}`, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const pem = (await response.text()).trim();
  if (!pem.includes("BEGIN PUBLIC KEY")) return null;
  cache.set(cacheKey, { pem, expiresAt: Date.now() + CACHE_MS });
  return pem;
}

export function clearInstallKeyCache(): void {
  cache.clear();
}
