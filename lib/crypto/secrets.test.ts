import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretsUnreadableError, openSecrets, sealSecrets } from "./secrets";

describe("integration secrets at rest", () => {
  const key = randomBytes(32);
  it("round-trips and never stores the clear text", () => {
    const sealed = sealSecrets({ sharedSecret: "s3cr3t-value" }, key);
    expect(sealed).not.toContain("s3cr3t");
    expect(openSecrets(sealed, key)).toEqual({ sharedSecret: "s3cr3t-value" });
  });
  it("refuses another key and tampered data", () => {
    const sealed = sealSecrets({ a: 1 }, key);
    expect(() => openSecrets(sealed, randomBytes(32))).toThrow(SecretsUnreadableError);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecrets(parts.join("."), key)).toThrow(SecretsUnreadableError);
  });
});
