import { createPublicKey, verify } from "node:crypto";
import { keyObjectCache } from "@/lib/crypto/key-objects";
import { INTERACTION_REPLAY_WINDOW_SECONDS } from "./app-settings";

// Discord signs every interaction: Ed25519 over the bytes of `X-Signature-Timestamp` + the raw
// body, with the application's public key (behaviour.md §9.1 step 3). Checked before the body is
// parsed; every failure is a 401.

export type InteractionSignatureFailure = "missing_signature" | "malformed_signature" | "invalid_signature" | "stale_timestamp";

export type InteractionSignatureCheck = { ok: true } | { ok: false; failure: InteractionSignatureFailure; message: string };

const MESSAGES: Record<InteractionSignatureFailure, string> = {
  missing_signature: "The X-Signature-Ed25519 and X-Signature-Timestamp headers are required",
  malformed_signature: "The interaction signature is not 64 bytes of hex",
  invalid_signature: "The interaction signature does not match",
  stale_timestamp: `The interaction timestamp is more than ${INTERACTION_REPLAY_WINDOW_SECONDS / 60} minutes from now`,
};

const fail = (failure: InteractionSignatureFailure): InteractionSignatureCheck => ({ ok: false, failure, message: MESSAGES[failure] });

// The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
/** The application's public key (raw hex) as a key object, made once. */
const publicKeyFor = keyObjectCache(
  (hex) => createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]), format: "der", type: "spki" }),
  16,
);

/**
 * Checks one interaction request's signature. `publicKey` is the application's key (64 hex
 * digits, from the settings); `now` is injectable for tests. The timestamp is Discord's Unix time
 * in seconds; one outside the replay window is refused even when correctly signed ([R]).
 */
export function verifyInteractionSignature(input: {
  publicKey: string;
  signature: string | null;
  timestamp: string | null;
  body: string;
  now?: Date;
}): InteractionSignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return fail("missing_signature");
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return fail("malformed_signature");
  if (!/^[0-9a-fA-F]{64}$/.test(input.publicKey)) throw new Error("The Discord public key must be 64 hex digits (DISCORD_PUBLIC_KEY)");
  const signed = verify(null, Buffer.from(timestamp + input.body, "utf8"), publicKeyFor(input.publicKey.toLowerCase()), Buffer.from(signature, "hex"));
  if (!signed) return fail("invalid_signature");
  // Only a signed timestamp is worth reading: Discord sends whole seconds.
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const nowSeconds = (input.now ?? new Date()).getTime() / 1000;
  if (!Number.isFinite(seconds) || Math.abs(nowSeconds - seconds) > INTERACTION_REPLAY_WINDOW_SECONDS) return fail("stale_timestamp");
  return { ok: true };
}
