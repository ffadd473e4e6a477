import { describe, expect, it } from "vitest";
import { isRetryableSync } from "./retryable-sync";

describe("isRetryableSync", () => {
  it("offers Retry only for failed outbound assignee and status syncs", () => {
    expect(isRetryableSync({ direction: "outbound", outcome: "failed", kind: "assignee" })).toBe(true);
    expect(isRetryableSync({ direction: "outbound", outcome: "failed", kind: "status" })).toBe(true);
    expect(isRetryableSync({ direction: "outbound", outcome: "failed", kind: "link" })).toBe(false);
    expect(isRetryableSync({ direction: "outbound", outcome: "failed", kind: "unlink" })).toBe(false);
    expect(isRetryableSync({ direction: "inbound", outcome: "failed", kind: "assignee" })).toBe(false);
    expect(isRetryableSync({ direction: "outbound", outcome: "skipped", kind: "status" })).toBe(false);
  });
});
