// npm run test:e2e: the browser tests alone (Chromium set-up, then Playwright; it builds when needed).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureChromium } from "./chromium";

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync(command, args, { stdio: "inherit", env }).status === 0;
}

if (!ensureChromium(exec).ok) process.exit(1);
process.exit(exec(path.join("node_modules", ".bin", "playwright"), ["test", ...process.argv.slice(2)]) ? 0 : 1);
