import { createPrivateKey, sign } from "node:crypto";

// One Ed25519 key pair for the Playwright run, generated once and kept here: the server started by
// playwright.config.ts must know the public key before any test runs, and the tests sign with the
// private half. A test key, never a real Discord application's.

export const E2E_DISCORD_PUBLIC_KEY = "60cf2c7912cfbdabbd87aebfb323cf5608b291dc7eaa365e36e27cabfff8a3b8";
const E2E_DISCORD_PRIVATE_SEED = "9b511e134e215872f4e0c001ae9d2bcdf153f6736ac99e19af77c0cfc93f0bce";

/** The Discord server the e2e database has added to the demo organization (scripts/e2e-discord-guild.ts). */
export const E2E_DISCORD_GUILD_ID = "1180000000000000777";
export const E2E_DISCORD_GUILD_NAME = "Acme Discord";

const privateKey = createPrivateKey({
  format: "jwk",
  key: {
    kty: "OKP",
    crv: "Ed25519",
    d: Buffer.from(E2E_DISCORD_PRIVATE_SEED, "hex").toString("base64url"),
    x: Buffer.from(E2E_DISCORD_PUBLIC_KEY, "hex").toString("base64url"),
  },
});

/** Discord's two signature headers for `body`, signed with the e2e key (timestamp: now). */
export function e2eInteractionHeaders(body: string, timestamp: string = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const signature = sign(null, Buffer.from(timestamp + body, "utf8"), privateKey).toString("hex");
  return { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
}
