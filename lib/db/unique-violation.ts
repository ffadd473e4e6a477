import { Prisma } from "@/lib/generated/prisma/client";

/** Another writer won the race for a unique value between our check and our insert. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
