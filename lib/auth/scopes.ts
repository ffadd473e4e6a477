import { z } from "zod";

export const API_SCOPES = ["events:write", "issues:read", "issues:write", "org:admin"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const apiScopeSchema = z.enum(API_SCOPES);

export const MEMBER_ROLES = ["owner", "admin", "member"] as const;
export type MemberRoleName = (typeof MEMBER_ROLES)[number];

/** What a signed-in member may do, expressed in token scopes so one check serves both. */
export function scopesForRole(role: MemberRoleName): ApiScope[] {
  if (role === "member") return ["events:write", "issues:read", "issues:write"];
  return [...API_SCOPES];
}

/** `org:admin` implies every other scope; `issues:write` implies `issues:read`. */
export function scopeGranted(granted: readonly string[], needed: ApiScope): boolean {
  if (granted.includes(needed) || granted.includes("org:admin")) return true;
  return needed === "issues:read" && granted.includes("issues:write");
}
