import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { startSandboxJira } from "./install";
import { sandboxEnabled, tetherInternalUrl } from "./settings";

// The sandbox installs itself over HTTP, so it waits until this server answers; register() runs
// before the server listens.

const holder = globalThis as unknown as { __tetherSandboxStarted?: boolean };
const READY_TIMEOUT_MS = 120_000;

async function serverAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${tetherInternalUrl()}/api/health`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

export function startSandboxWhenServerReady(): void {
  if (!sandboxEnabled() || holder.__tetherSandboxStarted) return;
  holder.__tetherSandboxStarted = true;
  void (async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await serverAnswers())) {
      if (Date.now() > deadline) {
        logger.warn({ url: tetherInternalUrl() }, "sandbox Jira: the server never answered on its internal URL; set TETHER_INTERNAL_URL");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const outcome = await startSandboxJira(await getDb());
    logger.info({ outcome: outcome.status }, "sandbox Jira site started");
  })().catch((err: unknown) => logger.error({ err }, "sandbox Jira site could not start"));
}
