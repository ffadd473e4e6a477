import pino from "pino";

// Structured JSON logs; request handlers bind integration/organization context with .child().
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "silent" : "info"),
  base: { app: "tether" },
});
