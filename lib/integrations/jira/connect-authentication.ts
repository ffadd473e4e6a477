import type { WebhookAuthentication } from "@/lib/integrations/webhook";
import { ConnectJwtError } from "./connect-jwt";

/** A refused Connect token as the webhook pipeline reports it (the route answers 401). */
export function connectRefusal(error: ConnectJwtError): WebhookAuthentication<never> {
  return { ok: false, reason: error.failure, message: error.message };
}

/**
 * Runs a Connect token check for the webhook pipeline: its sender, or the refusal of a token that
 * failed (an unknown site included, when `verify` finds none). Other errors are Tether's own.
 */
export async function authenticateConnect<Sender>(verify: () => Promise<Sender | null>): Promise<WebhookAuthentication<Sender>> {
  try {
    const sender = await verify();
    return sender ? { ok: true, sender } : connectRefusal(new ConnectJwtError("unknown_issuer"));
  } catch (error) {
    if (error instanceof ConnectJwtError) return connectRefusal(error);
    throw error;
  }
}
