// Runs before any test module loads Next.js: what Next's own server sets up first
// (node-environment-baseline), so its request-scoped storage works for in-process handler calls.
import { AsyncLocalStorage } from "node:async_hooks";

const holder = globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage };
holder.AsyncLocalStorage ??= AsyncLocalStorage;
