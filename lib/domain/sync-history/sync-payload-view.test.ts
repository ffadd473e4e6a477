import { describe, expect, it } from "vitest";
import { sealInteractionToken } from "@/lib/jobs/definitions/discord-follow-up";
import { HIDDEN, syncPayloadView } from "./sync-payload-view";

describe("syncPayloadView", () => {
  it("hides a Discord follow-up's sealed interaction token and keeps its readable reply", () => {
    const payload = {
      applicationId: "1",
      interactionId: "2",
      sealedToken: sealInteractionToken("the-interaction-token", "Link: https://tether.test/discord/link-identity/abc"),
      target: "edit_original",
      message: { content: "Link: (link not shown)", embeds: [], components: [] },
      expiresAt: "2026-11-26T00:00:00.000Z",
      organizationId: "org",
      integrationId: null,
      groupId: null,
      channelId: "222",
    };
    const view = syncPayloadView(payload);
    expect(view.hidden).toEqual(["sealedToken"]);
    expect(view.fields).toContainEqual({ name: "sealedToken", value: HIDDEN });
    expect(view.fields).toContainEqual({ name: "message.content", value: "Link: (link not shown)" });
    expect(view.fields).toContainEqual({ name: "integrationId", value: "—" });
    expect(JSON.stringify(view)).not.toMatch(/v1\.|the-interaction-token/);
  });

  it("hides secret-named keys at any depth and sealed values under any name", () => {
    const sealed = sealInteractionToken("x");
    const view = syncPayloadView({ nested: { sharedSecret: "s", list: [{ botToken: "t" }, sealed] }, note: sealed, password: "p", externalKey: "APP-1" });
    expect(view.hidden.sort()).toEqual(["nested.list.0.botToken", "nested.list.1", "nested.sharedSecret", "note", "password"]);
    expect(view.json).toEqual({ nested: { sharedSecret: HIDDEN, list: [{ botToken: HIDDEN }, HIDDEN] }, note: HIDDEN, password: HIDDEN, externalKey: "APP-1" });
  });

  it("shows a row without a payload, or with a scalar one", () => {
    expect(syncPayloadView(null)).toEqual({ json: null, fields: [], hidden: [] });
    expect(syncPayloadView("not an object").fields).toEqual([{ name: "payload", value: "not an object" }]);
  });
});
