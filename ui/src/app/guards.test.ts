import { describe, expect, it } from "vitest";
import { switchPath } from "@/components/TenantSwitcher";

// guards.tsx imports the session and so the SDK (window.location at import time).
const { safeNext } = await import("./guards");

describe("safeNext", () => {
  it("follows app paths only", () => {
    expect(safeNext("/t/a/planner/keywords?page=2")).toBe("/t/a/planner/keywords?page=2");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});

describe("switchPath", () => {
  it("keeps the page and drops record ids of the old workspace", () => {
    expect(switchPath("/t/a/planner/keywords", "a", "b")).toBe("/t/b/planner/keywords");
    expect(switchPath("/t/a/planner/clusters/abc123", "a", "b")).toBe("/t/b/planner/clusters");
    expect(switchPath("/t/a/dashboard", "a", "b")).toBe("/t/b/dashboard");
    expect(switchPath("/elsewhere", "a", "b")).toBe("/t/b/dashboard");
  });
});
