import type { Prisma } from "@/lib/generated/prisma/client";

/** Whether an organization's config for an integration turns `key` on (a missing key is off). */
export function configEnables(config: Prisma.JsonValue, key: string): boolean {
  return typeof config === "object" && config !== null && !Array.isArray(config) && config[key] === true;
}
