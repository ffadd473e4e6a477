import type { Db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError } from "@/lib/errors";
import { positiveIntegerSetting } from "@/lib/server/positive-integer-setting";
import { ingestEvents, type IngestProject, type IngestResult } from "@/lib/domain/events/ingest-events";
import type { IngestEventInput } from "@/lib/domain/events/prepare-event";

// Group commit for SDK intake. Every SDK request carries one event, and one ingestEvents
// transaction per request caps a project at what its group row lock lets through one at a time.
// So a project has at most one ingestEvents call running; the requests arriving while it runs
// wait, and the next call stores all of them together. Nothing waits on a timer: a request that
// finds its project idle is stored at once, so batching only happens when there is concurrency,
// and then costs no more delay than the commit it waited for anyway.
//
// A request is answered only after the batch holding its events committed, with its own slice of
// the result; when the batch fails, every request in it gets the error (never a 200 for an event
// that was not stored). A request's events always travel together, so they stay all or nothing.

export interface IngestBatchLimits {
  /** false: every request gets its own ingestEvents call, as before group commit (TETHER_INTAKE_GROUP_COMMIT=0). */
  enabled?: boolean;
  /** Events one batch takes at most (a single request larger than this still goes, alone). */
  maxBatchEvents: number;
  /** Payload bytes one batch takes at most (same exception). */
  maxBatchBytes: number;
  /** Events waiting for a commit in this process, over all projects; past it requests get 503. */
  maxWaitingEvents: number;
  /**
   * ingestEvents calls one project may have running at once (1 when not given; 2 from the
   * environment by default). A second lets the next batch do its work up to the group locks while
   * the first commits: measured 10–25 % more events/s than one, at the price of smaller batches.
   */
  commitsPerProject?: number;
}

/** Limits from TETHER_INTAKE_BATCH_EVENTS, TETHER_INTAKE_BATCH_BYTES and TETHER_INTAKE_MAX_WAITING_EVENTS; TETHER_INTAKE_GROUP_COMMIT=0 turns batching off. */
export function batchLimitsFromEnv(env: Record<string, string | undefined> = process.env): IngestBatchLimits {
  return {
    enabled: env.TETHER_INTAKE_GROUP_COMMIT !== "0",
    maxBatchEvents: positiveIntegerSetting(env.TETHER_INTAKE_BATCH_EVENTS, 100),
    maxBatchBytes: positiveIntegerSetting(env.TETHER_INTAKE_BATCH_BYTES, 8 * 1024 * 1024),
    maxWaitingEvents: positiveIntegerSetting(env.TETHER_INTAKE_MAX_WAITING_EVENTS, 10_000),
    commitsPerProject: positiveIntegerSetting(env.TETHER_INTAKE_COMMITS_PER_PROJECT, 2),
  };
}

/** Seconds an SDK is told to wait when this process already holds as many waiting events as it may. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

interface Waiter {
  project: IngestProject;
  events: readonly IngestEventInput[];
  bytes: number;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/** One project's queue on one database, and how many ingestEvents calls it has running. */
interface Lane {
  committing: number;
  waiting: Waiter[];
}

export interface IngestBatcherStats {
  /** ingestEvents calls made. */
  commits: number;
  /** Requests those calls stored (or failed) together. */
  requests: number;
  /** The most requests one call carried. */
  largestBatch: number;
  /** Requests of refused batches stored (or refused) again on their own. */
  retriedAlone: number;
}

export class IngestBatcher {
  private readonly lanes = new WeakMap<Db, Map<string, Lane>>();
  private waitingEvents = 0;
  private activeLanes = 0;
  readonly stats: IngestBatcherStats = { commits: 0, requests: 0, largestBatch: 0, retriedAlone: 0 };

  private readonly commitsPerProject: number;

  constructor(private readonly limits: IngestBatchLimits) {
    this.commitsPerProject = limits.commitsPerProject ?? 1;
  }

  /** Events queued for a commit, and projects with a commit running or queued (both 0 when idle). */
  get pending(): { events: number; lanes: number } {
    return { events: this.waitingEvents, lanes: this.activeLanes };
  }

  /**
   * Stores `events` (one request's, validated) in `project`, together with whatever other
   * requests for that project arrive while a commit for it runs. Resolves with this request's own
   * part of the result once its batch committed; rejects with the batch's error otherwise, or 503
   * when the process already holds its limit of waiting events.
   */
  ingest(db: Db, project: IngestProject, events: readonly IngestEventInput[], bytes: number): Promise<IngestResult> {
    if (this.limits.enabled === false) return ingestEvents(db, { project, events });
    let lanes = this.lanes.get(db);
    if (!lanes) this.lanes.set(db, (lanes = new Map()));
    let lane = lanes.get(project.id);
    if (lane && lane.committing >= this.commitsPerProject && this.waitingEvents + events.length > this.limits.maxWaitingEvents) {
      // Refused rather than run on its own: a process this far behind gains nothing from more
      // transactions fighting over the same rows, and memory stays bounded. Senders that honour
      // Retry-After hold back; Sentry SDKs drop the event (as on any 5xx) — better than a 200 for
      // an event that might never be stored.
      return Promise.reject(busy());
    }
    return new Promise<IngestResult>((resolve, reject) => {
      if (!lane) {
        lane = { committing: 0, waiting: [] };
        lanes.set(project.id, lane);
        this.activeLanes++;
      }
      lane.waiting.push({ project, events, bytes, resolve, reject });
      this.waitingEvents += events.length;
      if (lane.committing < this.commitsPerProject) void this.drain(db, lanes, project.id, lane);
    });
  }

  /** Commits the lane's waiting requests batch after batch until none is left; the last one out forgets the lane. */
  private async drain(db: Db, lanes: Map<string, Lane>, projectId: string, lane: Lane): Promise<void> {
    lane.committing++;
    try {
      while (lane.waiting.length > 0) {
        const batch = this.takeBatch(lane);
        await this.commit(db, batch);
      }
    } finally {
      lane.committing--;
      if (lane.committing === 0) {
        lanes.delete(projectId);
        this.activeLanes--;
      }
    }
  }

  private takeBatch(lane: Lane): Waiter[] {
    const batch: Waiter[] = [lane.waiting[0]];
    let events = lane.waiting[0].events.length;
    let bytes = lane.waiting[0].bytes;
    while (batch.length < lane.waiting.length) {
      const next = lane.waiting[batch.length];
      if (events + next.events.length > this.limits.maxBatchEvents || bytes + next.bytes > this.limits.maxBatchBytes) break;
      batch.push(next);
      events += next.events.length;
      bytes += next.bytes;
    }
    lane.waiting.splice(0, batch.length);
    this.waitingEvents -= events;
    return batch;
  }

  private async commit(db: Db, batch: Waiter[]): Promise<void> {
    this.stats.commits++;
    this.stats.requests += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let result: IngestResult;
    try {
      result = await ingestEvents(db, { project: batch[0].project, events: batch.flatMap((waiter) => waiter.events) });
    } catch (error) {
      if (batch.length > 1 && !isOutage(error)) return this.commitEachAlone(db, batch);
      for (const waiter of batch) waiter.reject(error);
      return;
    }
    let offset = 0;
    for (const waiter of batch) {
      const groups = result.groups.slice(offset, offset + waiter.events.length);
      offset += waiter.events.length;
      const duplicates = groups.filter((entry) => entry.duplicate).length;
      waiter.resolve({ accepted: groups.length - duplicates, duplicates, groups });
    }
  }

  /**
   * A batch refused for what one request brought (validation cannot foresee every refusal) must
   * not fail the others with it: each request is stored on its own, one after the other, and
   * answered with its own outcome.
   */
  private async commitEachAlone(db: Db, batch: Waiter[]): Promise<void> {
    this.stats.retriedAlone += batch.length;
    for (const waiter of batch) {
      try {
        waiter.resolve(await ingestEvents(db, { project: waiter.project, events: waiter.events }));
      } catch (error) {
        waiter.reject(error);
      }
    }
  }
}

/** The database is down or overloaded: trying each request again would only add load. */
function isOutage(error: unknown): boolean {
  return isDatabaseUnavailable(error) || (error instanceof AppError && error.status === 503);
}

function busy(): AppError {
  return new AppError(503, "intake_busy", `Too many events are waiting to be stored; retry in ${BUSY_RETRY_AFTER_SECONDS} s`, undefined, {
    "retry-after": String(BUSY_RETRY_AFTER_SECONDS),
  });
}

/** The process's batcher for the envelope and store endpoints. */
export const sdkIngestBatcher = new IngestBatcher(batchLimitsFromEnv());
