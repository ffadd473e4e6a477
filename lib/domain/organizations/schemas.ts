import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { MEMBER_ROLES } from "@/lib/auth/scopes";

// Emails are compared lower-cased everywhere (sign-in, UserEmail lookups), so they are stored that way.
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Must be an email address").max(320));

export const displayNameSchema = z.string().trim().min(1, "Name must not be empty").max(200, "Name must be at most 200 characters");

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, "Password must be at most 1024 characters");

export const memberRoleSchema = z.enum(MEMBER_ROLES, { error: `Role must be one of ${MEMBER_ROLES.join(", ")}` });

export const idSchema = z.string().trim().min(1).max(100);

/** A team or project named by its slug or its id, as URLs and the CLI name them. */
export const slugOrIdSchema = z.string().trim().min(1, "Must not be empty").max(100);

/** A user named by an email address or an id. */
export const userRefSchema = z.string().trim().min(1, "Must not be empty").max(320);
