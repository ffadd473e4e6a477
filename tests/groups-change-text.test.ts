import { describe, expect, it } from "vitest";
import { ARCHIVE, changeVerb, describeChange, RESOLVE, UNRESOLVE } from "@/components/groups/groups-change-text";

const people = [
  { value: "user:u1", label: "Maya Chen" },
  { value: "team:t1", label: "#backend" },
];

describe("the groups list's toasts", () => {
  it("say what was done to how many groups", () => {
    expect(describeChange(RESOLVE, 3, people)).toBe("Resolved 3 groups");
    expect(describeChange(RESOLVE, 1, people)).toBe("Resolved 1 group");
    expect(describeChange(UNRESOLVE, 2, people)).toBe("Unresolved 2 groups");
    expect(describeChange(ARCHIVE, 1, people)).toBe("Archived 1 group");
    expect(describeChange(ARCHIVE, 1200, people)).toBe("Archived 1,200 groups");
  });

  it("name the new assignee, or say the groups were unassigned", () => {
    expect(describeChange({ assignedTo: "team:t1" }, 1, people)).toBe("Assigned 1 group to #backend");
    expect(describeChange({ assignedTo: "user:u1" }, 2, people)).toBe("Assigned 2 groups to Maya Chen");
    expect(describeChange({ assignedTo: null }, 2, people)).toBe("Unassigned 2 groups");
  });

  it("name the failed action", () => {
    expect(changeVerb(RESOLVE)).toBe("resolve");
    expect(changeVerb(ARCHIVE)).toBe("archive");
    expect(changeVerb({ assignedTo: null })).toBe("unassign");
    expect(changeVerb({ assignedTo: "user:u1" })).toBe("assign");
  });
});
