import { describe, expect, it } from "vitest";
import { groupsQueryFromSearch, groupsQueryToSearch } from "./list-groups-query";

describe("groups query in the URL", () => {
  it("round-trips a query and leaves defaults out of the URL", () => {
    const query = groupsQueryFromSearch(new URLSearchParams("status=resolved&project=api&sort=events&page=2&query=price"));
    expect(query).toMatchObject({ status: "resolved", project: "api", sort: "events", page: 2, assigned: "anyone", limit: 25, query: "price" });
    expect(groupsQueryToSearch(query).toString()).toBe("status=resolved&project=api&query=price&sort=events&page=2");
    expect(groupsQueryToSearch(groupsQueryFromSearch({})).toString()).toBe("");
  });

  it("keeps the good values of a hand-edited link and defaults the bad ones", () => {
    expect(groupsQueryFromSearch({ status: "open", project: "web", page: "-3", sort: ["events", "first_seen"] })).toMatchObject({
      status: "unresolved",
      project: "web",
      page: 1,
      sort: "events",
    });
  });
});
