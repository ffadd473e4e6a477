import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import type { ApiScope } from "./scopes";

export const TOKEN_PREFIX = "tth_";

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface CreatedApiToken {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  /** The only time the token exists in clear. */
  token: string;
  createdAt: Date;
}

export async function createApiToken(
  db: Db,
  input: { organizationId: string; name: string; scopes: ApiScope[]; createdById?: string | null },
): Promise<CreatedApiToken> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      createdById: input.createdById ?? null,
      tokenHash: hashApiToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    },
  });
  return { id: row.id, name: row.name, scopes: row.scopes, prefix: row.prefix, token, createdAt: row.createdAt };
}

export interface VerifiedApiToken {
  id: string;
  organizationId: string;
  scopes: string[];
  createdById: string | null;
}

// Writing lastUsedAt on every request would turn reads into writes; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

/**
 * The active token for a bearer value, or null when unknown, revoked, or created by a user who
 * has since been deactivated (a token acts for its creator; tokens without one stay valid).
 */
export async function verifyApiToken(db: Db, token: string): Promise<VerifiedApiToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, include: { createdBy: { select: { isActive: true } } } });
  if (!row || row.revokedAt || row.createdBy?.isActive === false) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { id: row.id, organizationId: row.organizationId, scopes: row.scopes, createdById: row.createdById };
}

export async function revokeApiToken(db: Db, input: { organizationId: string; tokenId: string }): Promise<void> {
  const result = await db.apiToken.updateMany({
    where: { id: input.tokenId, organizationId: input.organizationId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) {
    const exists = await db.apiToken.findFirst({ where: { id: input.tokenId, organizationId: input.organizationId } });
    if (!exists) throw notFound("API token not found");
  }
}

/** An API token as the API, the settings page and the CLI list it: never the secret or its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** The creator's email. */
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listApiTokens(db: Db, organizationId: string): Promise<ApiTokenView[]> {
  const tokens = await db.apiToken.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, lastUsedAt: true, revokedAt: true, createdAt: true, createdBy: { select: { email: true } } },
  });
  return tokens.map(({ createdBy, createdAt, lastUsedAt, revokedAt, ...token }) => ({
    ...token,
    createdBy: createdBy?.email ?? null,
    createdAt: createdAt.toISOString(),
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
    revokedAt: revokedAt?.toISOString() ?? null,
  }));
}
