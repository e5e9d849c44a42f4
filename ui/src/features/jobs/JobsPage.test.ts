import { describe, expect, it } from "vitest";
import type { Job } from "@/lib/types";
import { applyJobEvent } from "./JobsPage";

const job = (id: string, status: Job["status"], progress: number, updated: string) => ({ id, status, progress, updated, type: "planner.cluster" }) as Job;

describe("live jobs page", () => {
  const page = { items: [job("a", "running", 10, "2026-12-02 01:00:01.000Z")], totalItems: 1 };

  it("moves progress forward and ignores an older event that arrives late", () => {
    const newer = applyJobEvent(page, { action: "update", record: job("a", "running", 35, "2026-12-02 01:00:03.000Z") }, 1, "");
    expect(newer?.items[0]?.progress).toBe(35);
    const late = applyJobEvent(newer, { action: "update", record: job("a", "running", 10, "2026-12-02 01:00:02.000Z") }, 1, "");
    expect(late?.items[0]?.progress).toBe(35);
  });

  it("shows a new job on page 1 only, and drops one that leaves the status filter", () => {
    const created = { action: "create", record: job("b", "queued", 0, "2026-12-02 01:00:05.000Z") };
    expect(applyJobEvent(page, created, 1, "")?.items.map((j) => j.id)).toEqual(["b", "a"]);
    expect(applyJobEvent(page, created, 2, "")?.items.map((j) => j.id)).toEqual(["a"]);
    const running = { items: page.items, totalItems: 1 };
    const done = applyJobEvent(running, { action: "update", record: job("a", "succeeded", 100, "2026-12-02 01:00:09.000Z") }, 1, "running");
    expect(done?.items).toEqual([]);
  });
});
