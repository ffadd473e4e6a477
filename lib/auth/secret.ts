import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDirectory } from "@/lib/db/config";

const holder = globalThis as unknown as { __tetherAuthSecret?: string };

/**
 * NEXTAUTH_SECRET when set; otherwise a secret generated once into .data/ so that sessions
 * survive restarts of the embedded default without any configuration.
 */
export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  if (holder.__tetherAuthSecret) return holder.__tetherAuthSecret;
  const file = path.join(dataDirectory(), "auth-secret");
  try {
    if (existsSync(file)) {
      holder.__tetherAuthSecret = readFileSync(file, "utf8").trim();
    } else {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const secret = randomBytes(32).toString("base64url");
      writeFileSync(file, secret, { mode: 0o600 });
      holder.__tetherAuthSecret = secret;
    }
  } catch {
    // A read-only filesystem: sessions then last as long as the process.
    holder.__tetherAuthSecret = randomBytes(32).toString("base64url");
  }
  return holder.__tetherAuthSecret;
}
