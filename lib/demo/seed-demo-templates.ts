// What the demo organization's errors look like: per platform, error templates and the places in
// the code they happen. `{name}` in a value is filled from `fill[name]` for each group.
import type { Level } from "@/lib/generated/prisma/client";

export interface ErrorTemplate {
  type: string;
  value: string;
  level?: Level;
  fill?: Record<string, readonly string[]>;
}

export interface Culprit {
  file: string;
  fn: string;
}

export interface DemoPlatform {
  errors: readonly ErrorTemplate[];
  culprits: readonly Culprit[];
  /** Library frame shown under the culprit in stack traces. */
  libraryFrames: readonly Culprit[];
}

const c = (file: string, fn: string): Culprit => ({ file, fn });

export const WEB: DemoPlatform = {
  errors: [
    { type: "TypeError", value: "Cannot read properties of undefined (reading '{prop}')", fill: { prop: ["id", "name", "price", "items", "length", "user", "map"] } },
    { type: "TypeError", value: "Cannot read properties of null (reading '{prop}')", fill: { prop: ["focus", "addEventListener", "value", "getBoundingClientRect"] } },
    { type: "TypeError", value: "{fn} is not a function", fill: { fn: ["items.map", "onClose", "props.onSubmit", "response.json", "window.gtag"] } },
    { type: "ReferenceError", value: "{name} is not defined", fill: { name: ["process", "gtag", "Intercom", "structuredClone"] } },
    { type: "ChunkLoadError", value: "Loading chunk {n} failed. (error: https://shop.acme.example/_next/static/chunks/{n}.js)", fill: { n: ["231", "784", "1932", "5021"] } },
    { type: "Error", value: "Hydration failed because the server rendered HTML didn't match the client." },
    { type: "TypeError", value: "Failed to fetch", level: "warning" },
    { type: "SyntaxError", value: "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON" },
    { type: "RangeError", value: "Maximum call stack size exceeded", level: "fatal" },
    { type: "Error", value: "Minified React error #{n}; visit https://react.dev/errors/{n} for the full message", fill: { n: ["185", "310", "418", "425"] } },
    { type: "AbortError", value: "The user aborted a request.", level: "warning" },
    { type: "SecurityError", value: "Failed to read the 'localStorage' property from 'Window': Access is denied for this document." },
    { type: "UnhandledRejection", value: "Non-Error promise rejection captured with value: {v}", level: "warning", fill: { v: ["undefined", "Timeout", "cancelled"] } },
    { type: "QuotaExceededError", value: "Failed to execute 'setItem' on 'Storage': Setting the value of 'cart' exceeded the quota." },
  ],
  culprits: [
    c("app/components/Cart.tsx", "CartSummary"),
    c("app/components/checkout/PaymentForm.tsx", "PaymentForm"),
    c("app/hooks/useSession.ts", "useSession"),
    c("app/lib/api-client.ts", "request"),
    c("app/products/[id]/page.tsx", "ProductPage"),
    c("app/components/SearchBar.tsx", "onChange"),
    c("app/components/Header.tsx", "UserMenu"),
    c("app/lib/analytics.ts", "track"),
    c("app/store/cart.ts", "addItem"),
    c("app/components/OrderHistory.tsx", "OrderRow"),
    c("app/components/ProfileForm.tsx", "handleSubmit"),
  ],
  libraryFrames: [c("node_modules/react-dom/cjs/react-dom-client.production.js", "renderWithHooks"), c("node_modules/next/dist/client/index.js", "hydrate")],
};

export const API: DemoPlatform = {
  errors: [
    { type: "DatabaseError", value: "deadlock detected" },
    { type: "IntegrityError", value: "duplicate key value violates unique constraint \"{constraint}\"", fill: { constraint: ["billing_invoice_number_key", "accounts_user_email_key", "orders_order_reference_key"] } },
    { type: "KeyError", value: "'{key}'", fill: { key: ["customer_id", "currency", "tax_rate", "shipping_address"] } },
    { type: "AttributeError", value: "'NoneType' object has no attribute '{attr}'", fill: { attr: ["id", "email", "plan", "amount", "get"] } },
    { type: "ValueError", value: "invalid literal for int() with base 10: '{lit}'", fill: { lit: ["", "null", "12a", "undefined"] } },
    { type: "OperationalError", value: "could not connect to server: Connection refused", level: "fatal" },
    { type: "TimeoutError", value: "Timed out waiting for a response from {service} after 30s", fill: { service: ["stripe", "tax-service", "search", "inventory"] } },
    { type: "ZeroDivisionError", value: "division by zero" },
    { type: "PermissionDenied", value: "User may not access this invoice", level: "warning" },
    { type: "ValidationError", value: "{field}: This field is required.", level: "warning", fill: { field: ["email", "quantity", "postal_code", "vat_id"] } },
    { type: "ConnectionError", value: "HTTPSConnectionPool(host='api.stripe.com', port=443): Max retries exceeded with url: /v1/charges" },
    { type: "UnicodeDecodeError", value: "'utf-8' codec can't decode byte 0x{hex} in position {n}: invalid start byte", fill: { hex: ["e9", "ff", "c3"], n: ["14", "203", "1027"] } },
    { type: "MemoryError", value: "", level: "fatal" },
    { type: "DoesNotExist", value: "{model} matching query does not exist.", fill: { model: ["Subscription", "Customer", "Invoice", "Coupon"] } },
  ],
  culprits: [
    c("billing/invoices.py", "finalize_invoice"),
    c("billing/subscriptions.py", "renew"),
    c("accounts/views.py", "login_view"),
    c("orders/serializers.py", "validate"),
    c("orders/tasks.py", "sync_inventory"),
    c("api/middleware.py", "__call__"),
    c("payments/stripe_client.py", "create_charge"),
    c("reports/export.py", "build_rows"),
    c("notifications/email.py", "send_receipt"),
    c("search/indexer.py", "reindex_product"),
    c("accounts/models.py", "save"),
  ],
  libraryFrames: [c("django/core/handlers/base.py", "_get_response"), c("django/db/backends/utils.py", "_execute")],
};

export const WORKER: DemoPlatform = {
  errors: [
    { type: "Error", value: "connect ECONNREFUSED 10.0.{a}.{b}:6379", fill: { a: ["3", "4", "12"], b: ["17", "28", "101"] } },
    { type: "MaxRetriesPerRequestError", value: "Reached the max retries per request limit (which is 20). Refer to \"maxRetriesPerRequest\" option for details." },
    { type: "TimeoutError", value: "Job {job} exceeded 300000ms", fill: { job: ["send-email", "export-csv", "sync-inventory", "render-invoice"] } },
    { type: "TypeError", value: "Cannot destructure property '{prop}' of 'undefined' as it is undefined.", fill: { prop: ["id", "payload", "items", "customer"] } },
    { type: "AxiosError", value: "Request failed with status code {code}", fill: { code: ["429", "500", "502", "503"] } },
    { type: "Error", value: "ENOENT: no such file or directory, open '/tmp/exports/{file}.csv'", fill: { file: ["orders", "customers", "refunds"] } },
    { type: "SyntaxError", value: "Unexpected end of JSON input" },
    { type: "PrismaClientKnownRequestError", value: "Unique constraint failed on the fields: (`{field}`)", fill: { field: ["externalId", "email", "orderId"] } },
    { type: "ZodError", value: "Expected string, received null at \"{path}\"", level: "warning", fill: { path: ["customer.email", "items.0.sku", "address.country"] } },
    { type: "RangeError", value: "Invalid time value" },
    { type: "AbortError", value: "This operation was aborted", level: "warning" },
    { type: "FatalError", value: "Reached heap limit Allocation failed - JavaScript heap out of memory", level: "fatal" },
    { type: "Error", value: "read ECONNRESET" },
  ],
  culprits: [
    c("src/jobs/send-email.ts", "handle"),
    c("src/jobs/sync-inventory.ts", "run"),
    c("src/queue/redis.ts", "connect"),
    c("src/jobs/export-csv.ts", "writeRows"),
    c("src/integrations/shopify.ts", "fetchOrders"),
    c("src/jobs/reindex.ts", "processBatch"),
    c("src/webhooks/dispatch.ts", "deliver"),
    c("src/jobs/render-invoice.ts", "render"),
    c("src/lib/http.ts", "request"),
    c("src/jobs/cleanup.ts", "purgeExpired"),
    c("src/jobs/import-catalog.ts", "parseFeed"),
    c("src/integrations/mailer.ts", "sendMail"),
  ],
  libraryFrames: [c("node_modules/bullmq/dist/cjs/classes/worker.js", "processJob"), c("node:internal/process/task_queues", "processTicksAndRejections")],
};

export const WEB_BROWSERS = ["Chrome 131.0", "Chrome 130.0", "Firefox 133.0", "Safari 18.1", "Mobile Safari 18.1", "Edge 131.0", "Samsung Internet 26.0"] as const;
export const WEB_OPERATING_SYSTEMS = ["Windows 11", "Windows 10", "macOS 15.1", "iOS 18.1", "Android 14", "Ubuntu 24.04"] as const;
export const WEB_PATHS = ["/", "/cart", "/checkout", "/products/42", "/account/orders", "/search?q=lamp"] as const;
