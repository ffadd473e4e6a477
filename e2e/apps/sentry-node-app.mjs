// A small Node app instrumented with @sentry/node the way a team would, configured only by its
// DSN (SENTRY_DSN). e2e/sentry-sdk.spec.ts runs it with `node` against the e2e server; by hand:
//   SENTRY_DSN=http://<key>@127.0.0.1:3000/<id> node e2e/apps/sentry-node-app.mjs
// RUN_ID goes into every message so the groups of one run can be told apart. The last stdout line
// is a JSON summary (event ids, HTTP statuses of what was sent); the exit code is 1 when a send
// failed or flushing timed out, so a misconfigured DSN fails loudly instead of losing events.
// APP_CRASH=1 runs the crash below instead.
import * as Sentry from "@sentry/node";

const dsn = process.env.SENTRY_DSN;
if (!dsn) {
  console.error("SENTRY_DSN is not set");
  process.exit(2);
}
const run = process.env.RUN_ID ?? `local-${Date.now().toString(36)}`;

// The SDK's own HTTP transport, with each answer's status noted for the summary.
const statuses = [];
function recordingTransport(options) {
  const transport = Sentry.makeNodeTransport(options);
  return {
    ...transport,
    send: async (envelope) => {
      const response = await transport.send(envelope);
      statuses.push(response.statusCode ?? 0);
      return response;
    },
  };
}

Sentry.init({
  dsn,
  release: `checkout-worker@1.8.${run.length}`,
  environment: "e2e",
  // The SDK then logs each refused or failed send ("Sentry responded with status code …").
  debug: process.env.SENTRY_DEBUG !== "0",
  transport: recordingTransport,
});

Sentry.setUser({ id: `customer-${run}`, email: `ada.${run}@example.com` });
Sentry.setTag("run", run);
Sentry.setTag("queue", "invoices");
Sentry.addBreadcrumb({ category: "queue", message: `Picked job import-${run} from invoices`, level: "info" });

class GatewayTimeout extends Error {
  name = "GatewayTimeout";
}

// The same error thrown from one function, reached from two call sites: two groups in Sentry.
function parseAmount(input) {
  const amount = Number(input);
  if (Number.isNaN(amount)) throw new Error(`Amount "${input}" is not a number (run ${run})`);
  return amount;
}
function importInvoice(line) {
  return parseAmount(line.split(";")[1]);
}
function importRefund(line) {
  return parseAmount(line.split(";")[2]);
}

function loadCustomer(id) {
  try {
    JSON.parse(`{customer ${id}`);
  } catch (cause) {
    throw new Error(`Customer ${id} could not be loaded (run ${run})`, { cause });
  }
}

function chargeCard(ms) {
  throw new GatewayTimeout(`Payment gateway timed out after ${ms} ms (run ${run})`);
}
function refundCard(ms) {
  throw new GatewayTimeout(`Refund gateway timed out after ${ms} ms (run ${run})`);
}

// APP_CRASH=1: the app dies of an uncaught exception instead. @sentry/node's default integration
// reports it (unhandled), flushes, and exits with code 1 as Node would.
if (process.env.APP_CRASH === "1") {
  setTimeout(function settleInvoices() {
    throw new Error(`Settlement of batch 8812 crashed the worker (run ${run})`);
  }, 0);
  await new Promise(() => {});
}

const eventIds = {};
const capture = (name, action) => {
  try {
    action();
  } catch (error) {
    eventIds[name] = Sentry.captureException(error);
  }
};

// Uncaught-style: each would have ended a request; the app's error handler reports it.
// The same call site twice with other values: one group (an anonymous function counts by its
// source line in Sentry's JavaScript grouping, so both must go through this one).
for (const line of ["INV-1;12,50;0", "INV-2;N/A;0"]) capture(line, () => importInvoice(line));
capture("refund", () => importRefund("REF-1;0;1O"));
capture("customer", () => loadCustomer(4711));
eventIds.message = Sentry.captureMessage(`Invoice batch 8812 retried 3 times (run ${run})`, "warning");

// A custom fingerprint: both timeouts are one group whatever their message or call site.
for (const [name, action] of [
  ["timeout-charge", () => chargeCard(3000)],
  ["timeout-refund", () => refundCard(5000)],
]) {
  Sentry.withScope((scope) => {
    scope.setFingerprint(["payment-gateway-timeout", run]);
    scope.setTag("gateway", "acquirer");
    capture(name, action);
  });
}

// An async job whose rejection nobody handles: the default integration reports it (and warns on stderr).
async function syncLedger() {
  throw new Error(`Ledger sync rejected batch 8812 (run ${run})`);
}
syncLedger();
await new Promise((resolve) => setTimeout(resolve, 50));

const flushed = await Sentry.flush(10_000);
const failed = statuses.filter((status) => status < 200 || status >= 300);
console.log(JSON.stringify({ run, flushed, statuses, eventIds }));
if (!flushed || failed.length > 0 || statuses.length === 0) {
  console.error(`Not every event reached ${new URL(dsn).host}: flushed=${flushed}, statuses=${statuses.join(",")}`);
  process.exitCode = 1;
}
