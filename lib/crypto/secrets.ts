import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDirectory } from "@/lib/db/config";

// Integration secrets (Jira shared secrets, Discord bot tokens) are stored encrypted with
// AES-256-GCM. The key comes from TETHER_SECRET_KEY; the embedded default generates one into
// .data/ on first use so a bare machine needs no configuration.

const VERSION = "v1";
const holder = globalThis as unknown as { __tetherSecretKey?: Buffer };

function keyFromEnvironment(value: string): Buffer {
  // Any string works as a passphrase; 32-byte hex/base64 keys are used as they are.
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  const decoded = Buffer.from(value, "base64");
  if (decoded.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(value)) return decoded;
  return createHash("sha256").update(value, "utf8").digest();
}

export function secretKey(): Buffer {
  if (holder.__tetherSecretKey) return holder.__tetherSecretKey;
  const fromEnv = process.env.TETHER_SECRET_KEY;
  if (fromEnv) {
    holder.__tetherSecretKey = keyFromEnvironment(fromEnv);
    return holder.__tetherSecretKey;
  }
  const file = path.join(dataDirectory(), "secret-key");
  if (existsSync(file)) {
    holder.__tetherSecretKey = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  } else {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileSync(file, key.toString("hex"), { mode: 0o600 });
    holder.__tetherSecretKey = key;
  }
  return holder.__tetherSecretKey;
}

/** Encrypts a JSON-serialisable value to `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function sealSecrets(value: unknown, key: Buffer = secretKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export class SecretsUnreadableError extends Error {
  constructor() {
    super("Stored integration secrets cannot be decrypted: TETHER_SECRET_KEY differs from the key they were sealed with");
    this.name = "SecretsUnreadableError";
  }
}

export function openSecrets(sealed: string, key: Buffer = secretKey()): unknown {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretsUnreadableError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(text) as unknown;
  } catch {
    throw new SecretsUnreadableError();
  }
}
