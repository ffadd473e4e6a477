import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { ingestEvents, type IngestProject } from "@/lib/domain/events/ingest-events";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { normalizeSentryEvent } from "./sentry-event";

type Json = Record<string, unknown>;

// A deterministic stream of what real SDKs send from a shop with a Node API, a browser front end
// and a Python billing service. Each event carries the group it should land in (`expect`): the
// same error type from one call site is one group whatever its value or line numbers; another
// call site or type is another group; messages group by their text without ids; custom
// fingerprints override.
let seed = 7;
// mulberry32: small, seedable, and its low bits vary (event ids must not repeat).
function next(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}
const pick = <T>(items: readonly T[]): T => items[next() % items.length];
const id = () => String(next() % 100_000);
const uuid = () => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => "0123456789abcdef"[next() % 16]).join("")).join("-");

interface CallSite {
  label: string;
  platform: "node" | "javascript" | "python";
  type: string;
  value: () => string;
  /** Outermost first: [module or file, function]. */
  frames: [string, string][];
}

const nodeFrames = (...fns: string[]): [string, string][] => fns.map((fn) => [fn.split(":")[0], fn.split(":")[1]]);

const CALL_SITES: CallSite[] = [
  { label: "NotFoundError via orders.show", platform: "node", type: "NotFoundError", value: () => `Order ${id()} not found`, frames: nodeFrames("routes.orders:show", "services.orders:loadOrder") },
  { label: "NotFoundError via invoices.show", platform: "node", type: "NotFoundError", value: () => `Order ${id()} not found`, frames: nodeFrames("routes.invoices:show", "services.orders:loadOrder") },
  { label: "NotFoundError via cart.add", platform: "node", type: "NotFoundError", value: () => `Product ${id()} not found`, frames: nodeFrames("routes.cart:add", "services.products:loadProduct") },
  { label: "PaymentDeclined via checkout", platform: "node", type: "PaymentDeclined", value: () => `Card declined for order ${id()}`, frames: nodeFrames("routes.checkout:Object.submit", "services.payments:async chargeCard") },
  { label: "PaymentDeclined via renewals", platform: "node", type: "PaymentDeclined", value: () => `Card declined for order ${id()}`, frames: nodeFrames("jobs.renewals:?", "services.payments:async chargeCard") },
  { label: "TypeError in Cart.render", platform: "javascript", type: "TypeError", value: () => `Cannot read properties of undefined (reading '${pick(["price", "qty"])}')`, frames: [["https://shop.example.com/static/js/main.HASH.js", "Cart.render"]] },
  { label: "TypeError in Checkout.submit", platform: "javascript", type: "TypeError", value: () => "Cannot read properties of null (reading 'total')", frames: [["https://shop.example.com/static/js/main.HASH.js", "async Checkout.submit"]] },
  { label: "TypeError in Search.onInput", platform: "javascript", type: "TypeError", value: () => `x${id()} is not a function`, frames: [["https://shop.example.com/static/js/search.HASH.chunk.js", "Search.onInput"]] },
  { label: "TimeoutError in sync.pull", platform: "python", type: "TimeoutError", value: () => `Timed out after ${id()}ms talking to 10.0.${next() % 255}.${next() % 255}`, frames: [["billing.sync", "run"], ["billing.sync", "pull"]] },
  { label: "TimeoutError in sync.push", platform: "python", type: "TimeoutError", value: () => `Timed out after ${id()}ms`, frames: [["billing.sync", "run"], ["billing.sync", "push"]] },
  { label: "ValidationError in invoices.create", platform: "python", type: "ValidationError", value: () => `Invoice ${uuid()} has no lines`, frames: [["billing.views", "create_invoice"], ["billing.validation", "validate"]] },
  { label: "ValidationError in invoices.update", platform: "python", type: "ValidationError", value: () => `Invoice ${uuid()} has no lines`, frames: [["billing.views", "update_invoice"], ["billing.validation", "validate"]] },
];

function framesFor(site: CallSite): Json[] {
  const vendor = site.platform === "python" ? { module: "django.core.handlers.base", function: "_get_response", lineno: 197, in_app: false } : { filename: "node_modules/express/lib/router/layer.js", function: "Layer.handle", lineno: 95, in_app: false };
  const hash = (next() % 0xffffffff).toString(16).padStart(8, "0");
  const app = site.frames.map(([where, fn]) => {
    const line = 10 + (next() % 200);
    if (site.platform === "javascript") return { filename: where.replace("HASH", hash), abs_path: where.replace("HASH", hash), function: fn, lineno: 1, colno: line * 97, in_app: true };
    return { module: where, filename: `${where.replaceAll(".", "/")}.${site.platform === "python" ? "py" : "js"}`, function: fn, lineno: line, colno: site.platform === "node" ? 5 : undefined, in_app: true };
  });
  return [vendor, ...app];
}

function errorEvent(site: CallSite, extra: Json = {}): Json {
  return {
    event_id: uuid().replaceAll("-", ""),
    platform: site.platform,
    level: "error",
    timestamp: Date.now() / 1000 - (next() % 3600),
    release: site.platform === "python" ? "billing@5.1.0" : "shop@1.4.2",
    environment: "production",
    exception: { values: [{ type: site.type, value: site.value(), stacktrace: { frames: framesFor(site) }, mechanism: { type: "generic", handled: true } }] },
    tags: { region: pick(["eu-west-1", "us-east-1"]) },
    user: { id: next() % 50, ip_address: "{{auto}}" },
    breadcrumbs: [{ category: "http", data: { url: `/api/orders/${id()}` } }],
    sdk: { name: site.platform === "python" ? "sentry.python" : site.platform === "node" ? "sentry.javascript.node" : "sentry.javascript.browser", version: "11.12.0" },
    ...extra,
  };
}

interface Planned {
  expect: string;
  payload: Json;
}

function plannedBatch(size: number): Planned[] {
  const batch: Planned[] = [];
  for (let i = 0; i < size; i += 1) {
    const roll = next() % 100;
    if (roll < 70) {
      const site = pick(CALL_SITES);
      batch.push({ expect: site.label, payload: errorEvent(site) });
    } else if (roll < 78) {
      batch.push({ expect: "message: User <num> signed in from <ip>", payload: { platform: "node", level: "info", message: `User ${id()} signed in from 192.168.${next() % 255}.${next() % 255}` } });
    } else if (roll < 84) {
      batch.push({ expect: "message: Job <uuid> took <num>ms", payload: { platform: "node", level: "warning", message: { formatted: `Job ${uuid()} took ${id()}ms` } } });
    } else if (roll < 90) {
      batch.push({ expect: "logentry: Retrying invoice %s (attempt %s)", payload: { platform: "python", level: "warn", logentry: { message: "Retrying invoice %s (attempt %s)", params: [id(), next() % 5] } } });
    } else if (roll < 95) {
      // One fingerprint for the payment gateway's errors, whatever their type or call site.
      const site = pick(CALL_SITES.filter((s) => s.type === "PaymentDeclined" || s.type === "TimeoutError"));
      batch.push({ expect: "fingerprint: payment-gateway", payload: errorEvent(site, { fingerprint: ["payment-gateway"] }) });
    } else {
      // `{{ default }}` plus a tenant: the default group split per tenant.
      const tenant = pick(["acme", "globex"]);
      batch.push({ expect: `fingerprint: {{ default }} + ${tenant} (${CALL_SITES[0].label})`, payload: errorEvent(CALL_SITES[0], { fingerprint: ["{{default}}", tenant] }) });
    }
  }
  return batch;
}

describe.each(await testDatabaseKinds())("a batch of 1,000 Sentry SDK events on %s", (kind) => {
  let database: Database;
  let project: IngestProject;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const org = await createOrganizationFixture(database.prisma);
    project = await createProjectFixture(database.prisma, org.id, { slug: "shop" });
  });
  afterAll(() => database.close());

  it("groups as Sentry would", async () => {
    seed = 7;
    const batch = plannedBatch(1000);
    const result = await ingestEvents(database.prisma, { project, events: batch.map((planned) => normalizeSentryEvent(planned.payload)) });
    expect(result.accepted).toBe(1000);

    const groupByLabel = new Map<string, Set<string>>();
    batch.forEach((planned, i) => {
      const ids = groupByLabel.get(planned.expect) ?? new Set<string>();
      ids.add(result.groups[i].id);
      groupByLabel.set(planned.expect, ids);
    });
    // Each expected group is one group, and no two expected groups share one.
    for (const [label, ids] of groupByLabel) expect([label, ids.size]).toEqual([label, 1]);
    const distinct = new Set([...groupByLabel.values()].map((ids) => [...ids][0]));
    expect(distinct.size).toBe(groupByLabel.size);
    // 12 call sites, 3 message templates, 1 shared fingerprint, the first call site split by 2 tenants.
    expect(groupByLabel.size).toBe(18);
    const stored = await database.prisma.event.findFirstOrThrow({ where: { projectId: project.id, platform: "python" } });
    expect(stored.payload).toMatchObject({ platform: "python", sdk: { name: "sentry.python" } });

    const groups = await database.prisma.group.findMany({ where: { projectId: project.id }, orderBy: { timesSeen: "desc" } });
    expect(groups).toHaveLength(groupByLabel.size);
    expect(groups.reduce((sum, group) => sum + group.timesSeen, 0)).toBe(1000);
    const labelOf = new Map([...groupByLabel].map(([label, ids]) => [[...ids][0], label]));
    const table = groups.map((group) => `${String(group.timesSeen).padStart(5)}  ${(labelOf.get(group.id) ?? "?").padEnd(62)}  ${group.title.slice(0, 70)}`);
    console.log(`\n${kind}: 1,000 SDK events → ${groups.length} groups\nevents  expected group${" ".repeat(49)}  title of the group\n${table.join("\n")}\n`);
  }, 120_000);
});
