import { generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyInteractionSignature } from "./interaction-signature";

const { publicKey, privateKey } = generateKeyPairSync("ed25519");
// The raw 32-byte key is the last part of its DER SubjectPublicKeyInfo, as Discord shows it (hex).
const publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
const other = generateKeyPairSync("ed25519");

const now = new Date("2026-11-25T12:00:00Z");
const nowSeconds = String(Math.floor(now.getTime() / 1000));
const signWith = (key: typeof privateKey, timestamp: string, body: string) => sign(null, Buffer.from(timestamp + body, "utf8"), key).toString("hex");

describe("Discord interaction signatures (Ed25519 over timestamp + body)", () => {
  const body = JSON.stringify({ type: 1, id: "1", application_id: "2" });

  it("accepts a request Discord signed, upper- or lower-case hex", () => {
    const signature = signWith(privateKey, nowSeconds, body);
    expect(verifyInteractionSignature({ publicKey: publicKeyHex, signature, timestamp: nowSeconds, body, now })).toEqual({ ok: true });
    expect(verifyInteractionSignature({ publicKey: publicKeyHex.toUpperCase(), signature: signature.toUpperCase(), timestamp: nowSeconds, body, now })).toEqual({ ok: true });
  });

  it("refuses a missing header, a malformed signature, another key's signature and a changed body or timestamp", () => {
    const signature = signWith(privateKey, nowSeconds, body);
    const check = (over: Partial<Parameters<typeof verifyInteractionSignature>[0]>) =>
      verifyInteractionSignature({ publicKey: publicKeyHex, signature, timestamp: nowSeconds, body, now, ...over });
    expect(check({ signature: null })).toMatchObject({ ok: false, failure: "missing_signature" });
    expect(check({ timestamp: null })).toMatchObject({ ok: false, failure: "missing_signature" });
    expect(check({ signature: "zz".repeat(64) })).toMatchObject({ ok: false, failure: "malformed_signature" });
    expect(check({ signature: signature.slice(2) })).toMatchObject({ ok: false, failure: "malformed_signature" });
    expect(check({ signature: signWith(other.privateKey, nowSeconds, body) })).toMatchObject({ ok: false, failure: "invalid_signature" });
    expect(check({ body: body.replace('"type":1', '"type":2') })).toMatchObject({ ok: false, failure: "invalid_signature" });
    expect(check({ timestamp: String(Number(nowSeconds) + 1) })).toMatchObject({ ok: false, failure: "invalid_signature" });
  });

  it("[R] refuses a correctly signed timestamp more than 5 minutes from now, either way", () => {
    for (const offset of [-301, 301, -86_400]) {
      const timestamp = String(Number(nowSeconds) + offset);
      const signature = signWith(privateKey, timestamp, body);
      expect(verifyInteractionSignature({ publicKey: publicKeyHex, signature, timestamp, body, now })).toMatchObject({ ok: false, failure: "stale_timestamp" });
    }
    const within = String(Number(nowSeconds) - 299);
    expect(verifyInteractionSignature({ publicKey: publicKeyHex, signature: signWith(privateKey, within, body), timestamp: within, body, now })).toEqual({ ok: true });
    const notANumber = "soon";
    expect(verifyInteractionSignature({ publicKey: publicKeyHex, signature: signWith(privateKey, notANumber, body), timestamp: notANumber, body, now })).toMatchObject({
      ok: false,
      failure: "stale_timestamp",
    });
  });

  it("never throws and never accepts what the key did not sign, whatever the headers and body", () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: null }), fc.option(fc.string(), { nil: null }), fc.string(), (signature, timestamp, anyBody) => {
        const result = verifyInteractionSignature({ publicKey: publicKeyHex, signature, timestamp, body: anyBody, now });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.string(), (bytes, anyBody) => {
        const result = verifyInteractionSignature({ publicKey: publicKeyHex, signature: Buffer.from(bytes).toString("hex"), timestamp: nowSeconds, body: anyBody, now });
        expect(result).toMatchObject({ ok: false, failure: "invalid_signature" });
      }),
      { numRuns: 200 },
    );
  });
});
