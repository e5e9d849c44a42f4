import { describe, expect, it } from "vitest";
import { describeRun, pageFilter, type IndexJob } from "./api";

const job = (over: Partial<IndexJob>): IndexJob => ({ id: "j", status: "succeeded", progress: 100, error: "", result: null, ...over }) as IndexJob;

describe("pageFilter", () => {
  it("scopes to the tenant and site and quotes what the user typed", () => {
    const f = pageFilter("t1", "s1", { search: `pour-over "coffee' || 1=1`, kind: "post", origin: "igny8" });
    expect(f).toContain('tenant = "t1" && site = "s1"');
    expect(f).toContain('kind = "post"');
    expect(f).toContain("content != ''");
    // the search is one quoted literal (its quote escaped), not filter syntax
    expect(f).toContain(`(title ~ "pour-over \\"coffee' || 1=1" || url ~ "pour-over \\"coffee' || 1=1" || headings ~ "pour-over \\"coffee' || 1=1")`);
  });
  it("ignores an unknown kind and an empty search", () => {
    expect(pageFilter("t", "s", { search: "  ", kind: "product", origin: "other" })).toBe(`tenant = "t" && site = "s" && content = ''`);
  });
});

describe("describeRun", () => {
  it("says what the last run did in words", () => {
    expect(describeRun(null)).toBe("The site has not been indexed yet.");
    expect(describeRun(job({ status: "running", progress: 40 }))).toBe("Indexing… 40 %");
    expect(describeRun(job({ status: "failed", error: "WordPress answered 500" }))).toBe("The last indexing failed: WordPress answered 500.");
    expect(describeRun(job({ result: { source: "rest", listed: 505, read: 505, added: 505, updated: 0, removed: 0 } }))).toBe(
      "The last indexing read 505 posts and pages: 505 new.",
    );
    expect(
      describeRun(job({ result: { source: "sitemap", listed: 12, read: 2, added: 0, updated: 2, removed: 1, more: true, restRefused: "the REST API does not list the site's posts" } })),
    ).toBe("The last indexing read 12 posts and pages from the sitemap (the REST API does not list the site's posts): 2 changed, 1 gone; the rest follows in the next run.");
    expect(describeRun(job({ result: { source: "rest", listed: 3, read: 0, added: 0, updated: 0, removed: 0 } }))).toBe("The last indexing read 3 posts and pages: nothing changed.");
  });
});
