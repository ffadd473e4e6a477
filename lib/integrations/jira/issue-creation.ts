import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { LinkedExternalIssue } from "./link-issue";
import { storableText } from "./storable-text";

// Creating a Jira issue spans two systems. The ExternalIssueCreation row is written before Jira is
// asked, so a retry finds it: a linked row is answered again, a row whose Jira issue exists but is
// not linked yet is linked, and a row some request is still working on is a 409.

/** How long a request may work on a row before another may take it over (it must have died). */
const LEASE_MS = 90_000;
/** Without a client key, the same form for the same group within this window is the same request. */
const DERIVED_KEY_WINDOW_MS = 10 * 60_000;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1 to 255 visible ASCII characters");

/** What the create needs again when a retry links an issue Jira already has. */
export interface StoredCreateRequest {
  values: Record<string, unknown>;
  title: string;
  description: string | null;
}

export type CreationClaim =
  | { kind: "new"; id: string }
  | { kind: "remote_created"; id: string; externalKey: string; request: StoredCreateRequest }
  | { kind: "replay"; response: LinkedExternalIssue };

/** Form values compared the way a person means them: keys sorted, text trimmed, empty values dropped. */
function normalized(value: unknown): unknown {
  if (typeof value === "string") return value.trim() || undefined;
  if (Array.isArray(value)) {
    const items = value.map(normalized).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value === null || typeof value !== "object") return value ?? undefined;
  const entries = Object.keys(value)
    .sort()
    .map((key) => [key, normalized((value as Record<string, unknown>)[key])] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function createRequestHash(input: { organizationId: string; groupId: string; integrationId: string; values: Record<string, unknown> }): string {
  const canonical = JSON.stringify([input.organizationId, input.groupId, input.integrationId, normalized(input.values) ?? {}]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** The row's key: the client's, or one derived from the request itself. */
export function creationKey(clientKey: string | undefined, requestHash: string): { key: string; derived: boolean } {
  return clientKey ? { key: `client:${clientKey}`, derived: false } : { key: `derived:${requestHash}`, derived: true };
}

const inProgress = (key: string) =>
  new AppError(409, "creation_in_progress", "This issue is already being created in Jira; try again in a moment.", { idempotencyKey: key }, { "Retry-After": "5" });

/**
 * Claims the create for this request: a new row (or a failed, expired or, for derived keys, an old
 * one taken over) means "ask Jira"; otherwise the earlier outcome is returned or completed.
 */
export async function claimIssueCreation(
  db: Db,
  input: { organizationId: string; groupId: string; integrationId: string; key: string; derived: boolean; requestHash: string; request: StoredCreateRequest },
): Promise<CreationClaim> {
  const request = input.request as unknown as Prisma.InputJsonObject;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const now = new Date();
    const lockedUntil = new Date(now.getTime() + LEASE_MS);
    try {
      const row = await db.externalIssueCreation.create({
        data: {
          organizationId: input.organizationId,
          groupId: input.groupId,
          integrationId: input.integrationId,
          idempotencyKey: input.key,
          requestHash: input.requestHash,
          request,
          lockedUntil,
        },
      });
      return { kind: "new", id: row.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db.externalIssueCreation.findUnique({ where: { organizationId_idempotencyKey: { organizationId: input.organizationId, idempotencyKey: input.key } } });
    if (!existing) continue;
    // A refused create did nothing in Jira, so its key may carry a corrected form.
    if (existing.requestHash !== input.requestHash && existing.status !== "failed") {
      throw new AppError(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different request.", { idempotencyKey: input.key });
    }
    if (existing.status === "created" && existing.response) {
      const response = existing.response as unknown as LinkedExternalIssue;
      if (!input.derived) return { kind: "replay", response };
      // A derived key only stands for "the same click again": not long after, and while the link is still there.
      const recent = now.getTime() - existing.updatedAt.getTime() < DERIVED_KEY_WINDOW_MS;
      const stillLinked = recent && (await db.groupLink.count({ where: { groupId: input.groupId, externalIssueId: response.id } })) > 0;
      if (stillLinked) return { kind: "replay", response };
    }
    const leaseActive = existing.lockedUntil !== null && existing.lockedUntil > now;
    if (leaseActive) throw inProgress(input.key);
    const remoteKey = existing.status === "pending" ? existing.externalKey : null;
    const taken = await db.externalIssueCreation.updateMany({
      where: { id: existing.id, updatedAt: existing.updatedAt },
      data: remoteKey
        ? { lockedUntil }
        : { status: "pending", externalKey: null, response: Prisma.DbNull, error: null, request, requestHash: input.requestHash, createdAt: now, lockedUntil },
    });
    if (taken.count === 0) throw inProgress(input.key);
    if (remoteKey) return { kind: "remote_created", id: existing.id, externalKey: remoteKey, request: existing.request as unknown as StoredCreateRequest };
    return { kind: "new", id: existing.id };
  }
  throw inProgress(input.key);
}

/** Jira answered with this key: kept before anything else, so no retry ever asks Jira again. */
export async function recordRemoteIssueKey(db: Db, id: string, externalKey: string): Promise<void> {
  // A few quick tries: if this write is lost, a retry cannot know that Jira already has the issue.
  for (const pauseMs of [250, 1000, 0]) {
    try {
      await db.externalIssueCreation.update({ where: { id }, data: { externalKey } });
      return;
    } catch (error) {
      if (pauseMs === 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/** Part of the link's transaction: the row is done and its answer is what a retry gets. */
export async function completeIssueCreation(tx: Prisma.TransactionClient, id: string, response: LinkedExternalIssue): Promise<void> {
  await tx.externalIssueCreation.update({
    where: { id },
    data: { status: "created", response: response as unknown as Prisma.InputJsonObject, error: null, lockedUntil: null },
  });
}

/**
 * Lets the next request take the row over at once: as failed when Jira refused (nothing exists
 * there), or still pending with its Jira key when only the link failed. Best effort: if the database
 * is what failed, the lease simply runs out.
 */
export async function releaseIssueCreation(db: Db, id: string, outcome: { failed: boolean; error: string }): Promise<void> {
  try {
    await db.externalIssueCreation.update({
      where: { id },
      data: { ...(outcome.failed ? { status: "failed" as const } : {}), error: storableText(outcome.error).slice(0, 2000), lockedUntil: null },
    });
  } catch (error) {
    logger.warn({ err: error, creationId: id }, "could not release the Jira issue creation row; its lease will expire");
  }
}
