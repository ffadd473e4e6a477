// Debian's Chromium for Playwright: Playwright cannot download its own browsers on these machines.
import { accessSync, constants } from "node:fs";

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Debian's Chromium for Playwright; installed with apt-get when missing and we are root. */
export function ensureChromium(exec: (command: string, args: string[], env?: NodeJS.ProcessEnv) => boolean): { ok: boolean; note?: string } {
  const browser = chromiumPath();
  if (isExecutable(browser)) return { ok: true, note: browser };
  if (process.env.CHROMIUM_PATH) {
    console.error(`[test] CHROMIUM_PATH=${browser} is not an executable file`);
    return { ok: false };
  }
  const root = process.getuid?.() === 0;
  const aptGet = ["/usr/bin/apt-get", "/bin/apt-get"].find(isExecutable);
  if (!root || !aptGet) {
    console.error(
      "[test] Chromium is missing: the browser tests need Debian's Chromium at /usr/bin/chromium.\n" +
        "       Install it with `sudo apt-get update && sudo apt-get install -y chromium`,\n" +
        "       or point CHROMIUM_PATH at a Chromium/Chrome binary.",
    );
    return { ok: false };
  }
  console.log("[test] Chromium is missing; installing Debian's chromium with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const installed = exec(aptGet, ["update"], env) && exec(aptGet, ["install", "-y", "--no-install-recommends", "chromium"], env);
  if (!installed || !isExecutable(browser)) {
    console.error("[test] installing chromium with apt-get failed");
    return { ok: false };
  }
  return { ok: true, note: `installed ${browser}` };
}
