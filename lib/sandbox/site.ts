import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { openSecrets, sealSecrets } from "@/lib/crypto/secrets";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { newSandboxClientKey, sandboxEnabled, sandboxJiraBaseUrl } from "./settings";

// The sandbox site's identity: its Connect clientKey, the RSA key it signs its install with and
// the shared secret of that install. Made once and kept (private key and secret sealed like every
// other integration secret), so every instance and every restart is the same site.

const SITE_ID = "jira";
const sealedSchema = z.object({ privateKey: z.string().min(1), sharedSecret: z.string().min(16) });

export interface SandboxJiraSite {
  clientKey: string;
  keyId: string;
  publicKey: string;
  privateKey: string;
  sharedSecret: string;
  baseUrl: string;
  seededAt: Date | null;
}

function read(row: { clientKey: string; keyId: string; publicKey: string; secrets: string; seededAt: Date | null }): SandboxJiraSite {
  const sealed = sealedSchema.parse(openSecrets(row.secrets));
  return { clientKey: row.clientKey, keyId: row.keyId, publicKey: row.publicKey, ...sealed, baseUrl: sandboxJiraBaseUrl(), seededAt: row.seededAt };
}

/** The sandbox site, made on first use. */
export async function ensureSandboxJiraSite(db: Db): Promise<SandboxJiraSite> {
  const existing = await db.sandboxJiraSite.findUnique({ where: { id: SITE_ID } });
  if (existing) return read(existing);
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const data = {
    id: SITE_ID,
    clientKey: newSandboxClientKey(randomUUID()),
    keyId: `tether-sandbox-${randomUUID()}`,
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    secrets: sealSecrets({ privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), sharedSecret: randomBytes(32).toString("base64url") }),
  };
  try {
    return read(await db.sandboxJiraSite.create({ data }));
  } catch (error) {
    // Another instance made it first: theirs is the site.
    if (!isUniqueViolation(error)) throw error;
    return read(await db.sandboxJiraSite.findUniqueOrThrow({ where: { id: SITE_ID } }));
  }
}

/** The sandbox site while the sandbox is on, or null (off, or never made). */
export async function findSandboxJiraSite(db: Db): Promise<SandboxJiraSite | null> {
  if (!sandboxEnabled()) return null;
  const row = await db.sandboxJiraSite.findUnique({ where: { id: SITE_ID } });
  return row ? read(row) : null;
}

/** The sandbox's client key, read without opening any secret (pages ask on every render). */
export async function sandboxJiraClientKey(db: Db): Promise<string | null> {
  if (!sandboxEnabled()) return null;
  const row = await db.sandboxJiraSite.findUnique({ where: { id: SITE_ID }, select: { clientKey: true } });
  return row?.clientKey ?? null;
}

/** Public identity only (no secrets opened): what the install checks compare against. */
export async function sandboxJiraIdentity(db: Db): Promise<{ clientKey: string; keyId: string; publicKey: string; baseUrl: string } | null> {
  if (!sandboxEnabled()) return null;
  const row = await db.sandboxJiraSite.findUnique({ where: { id: SITE_ID }, select: { clientKey: true, keyId: true, publicKey: true } });
  return row ? { ...row, baseUrl: sandboxJiraBaseUrl() } : null;
}

export async function nextSandboxIssueNumber(db: Db): Promise<number> {
  const row = await db.sandboxJiraSite.update({ where: { id: SITE_ID }, data: { nextIssueNumber: { increment: 1 } }, select: { nextIssueNumber: true } });
  return row.nextIssueNumber - 1;
}

/** How long a seeding claim holds without being renewed; the seeder renews it well within that. */
export const SANDBOX_SEED_LEASE_MS = 3 * 60_000;

/**
 * Claims the one-time seeding: answers a claim id, or null when the site is seeded already or
 * another instance holds a fresh claim. A claim not renewed within the lease is taken over (its
 * process died mid-seed), so an interrupted seed does not block seeding forever.
 */
export async function claimSandboxSeeding(db: Db, now: Date = new Date()): Promise<string | null> {
  const claim = randomUUID();
  const { count } = await db.sandboxJiraSite.updateMany({
    where: { id: SITE_ID, seededAt: null, OR: [{ seedingClaimedAt: null }, { seedingClaimedAt: { lt: new Date(now.getTime() - SANDBOX_SEED_LEASE_MS) } }] },
    data: { seedingClaim: claim, seedingClaimedAt: now },
  });
  return count === 1 ? claim : null;
}

/** Renews a claim still held; false when another instance took it over. */
export async function renewSandboxSeeding(db: Db, claim: string): Promise<boolean> {
  const { count } = await db.sandboxJiraSite.updateMany({ where: { id: SITE_ID, seedingClaim: claim, seededAt: null }, data: { seedingClaimedAt: new Date() } });
  return count === 1;
}

/** Seeding finished under this claim: the site is seeded for good. False when the claim was lost meanwhile. */
export async function finishSandboxSeeding(db: Db, claim: string): Promise<boolean> {
  const { count } = await db.sandboxJiraSite.updateMany({ where: { id: SITE_ID, seedingClaim: claim }, data: { seededAt: new Date(), seedingClaim: null, seedingClaimedAt: null } });
  return count === 1;
}

/** Seeding failed: the claim is given back so the next start tries again at once. */
export async function releaseSandboxSeeding(db: Db, claim: string): Promise<void> {
  await db.sandboxJiraSite.updateMany({ where: { id: SITE_ID, seedingClaim: claim }, data: { seedingClaim: null, seedingClaimedAt: null } });
}
