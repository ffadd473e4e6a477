import type { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { validationError } from "@/lib/http/errors";

/** Validates a domain function's input; a mistake becomes the same 400 an API client would get. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = "Invalid input"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, message);
  return parsed.data;
}

/** Another writer won the race for a unique value between our check and our insert. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
