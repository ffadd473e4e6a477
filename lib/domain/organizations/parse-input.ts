import type { z } from "zod";
import { parseWith } from "@/lib/errors";

/** Validates a domain function's input; a mistake becomes the same 400 an API client would get. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = "Invalid input"): z.infer<S> {
  return parseWith(schema, input, message);
}
