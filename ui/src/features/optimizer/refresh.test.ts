import { describe, expect, it } from "vitest";
import { canDismiss, canRun, liveVersion, reasonName, republishPlan, reviewState, runBlocked } from "./refresh";
import { refreshFilter } from "./api";

const ok = { need: 2, balance: 10 };

describe("running a refresh", () => {
  it("runs a suggested or failed refresh of an igny8 post", () => {
    expect(runBlocked({ status: "suggested", content: "c1" }, ok, false)).toBeUndefined();
    expect(runBlocked({ status: "failed", content: "c1" }, ok, false)).toBeUndefined();
    expect(canRun({ status: "review" })).toBe(false);
  });

  it("says why it does not run", () => {
    expect(runBlocked({ status: "suggested", content: "" }, ok, false)).toMatch(/adopt it into an article/);
    expect(runBlocked({ status: "suggested", content: "c1" }, ok, true)).toBe("The rewrite is running.");
    expect(runBlocked({ status: "queued", content: "c1" }, ok, false)).toBe("The rewrite is running.");
    expect(runBlocked({ status: "review", content: "c1" }, ok, false)).toMatch(/ready for review: only a suggested or failed refresh runs/);
    expect(runBlocked({ status: "suggested", content: "c1" }, { need: 2, balance: 1 }, false)).toBe("Not enough credits: this needs 2, the workspace has 1.");
    // unknown figures never block: the server decides (402)
    expect(runBlocked({ status: "suggested", content: "c1" }, { need: undefined, balance: undefined }, false)).toBeUndefined();
  });

  it("dismisses what the route dismisses", () => {
    expect(["suggested", "failed", "review"].every((s) => canDismiss({ status: s as "review" }))).toBe(true);
    expect(["queued", "published", "dismissed"].some((s) => canDismiss({ status: s as "review" }))).toBe(false);
  });
});

describe("reviewing a refresh", () => {
  it("compares with the version WordPress holds", () => {
    expect(liveVersion({ version: 5, wp_version: 3 }, { version: 5 })).toBe(3);
    // no record of what WordPress holds: the version before the rewrite
    expect(liveVersion({ version: 5, wp_version: 0 }, { version: 5 })).toBe(4);
    // WordPress already holds the current version (republished): before the rewrite
    expect(liveVersion({ version: 5, wp_version: 5 }, { version: 5 })).toBe(4);
    expect(liveVersion({ version: 1, wp_version: 0 }, { version: 1 })).toBe(0);
  });

  it("follows the refresh and its article", () => {
    expect(reviewState({ status: "suggested", version: 0 }, undefined)).toBe("not_run");
    expect(reviewState({ status: "queued", version: 0 }, undefined)).toBe("rewriting");
    expect(reviewState({ status: "review", version: 4 }, { version: 4, publish_status: "published" })).toBe("review");
    expect(reviewState({ status: "review", version: 4 }, { version: 5, publish_status: "published" })).toBe("edited");
    expect(reviewState({ status: "review", version: 4 }, { version: 4, publish_status: "publishing" })).toBe("republishing");
    expect(reviewState({ status: "published", version: 4 }, { version: 4, publish_status: "published" })).toBe("republished");
  });

  it("approves first when an admin republishes work in review", () => {
    expect(republishPlan("review", true, true)).toEqual({ approve: true, allowed: true });
    expect(republishPlan("approved", false, true)).toEqual({ approve: false, allowed: true });
    expect(republishPlan("review", false, true).allowed).toBe(false);
    expect(republishPlan("review", false, true).reason).toMatch(/An admin approves/);
    expect(republishPlan("approved", false, false).allowed).toBe(false);
    // a draft (edited after the rewrite): admins may publish it, skipping the review
    expect(republishPlan("draft", true, true)).toEqual({ approve: false, allowed: true });
  });
});

describe("the list", () => {
  it("names reasons and filters by view through parameters", () => {
    expect(reasonName("falling_clicks")).toBe("Falling clicks");
    expect(reasonName("something_new")).toBe("something new");
    expect(refreshFilter("t1", 's"1', "open")).toBe('tenant = "t1" && site = "s\\"1" && (status = "suggested" || status = "queued" || status = "review" || status = "failed")');
    expect(refreshFilter("t1", "s1", "dismissed")).toBe('tenant = "t1" && site = "s1" && (status = "dismissed")');
  });
});
