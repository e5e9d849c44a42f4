import { describe, expect, it } from "vitest";
import { actionable, anchorContext, bulkSummary, canDo, capLeft, suggestSummary } from "./text";

describe("anchorContext", () => {
  const html =
    "<h2>The cold brew guide</h2><p>Start with our <em>short</em> cold brew guide, then pick a burr grinder.</p><p>More on the <a href=\"/x\">cold brew guide</a>.</p>";
  it("finds the first occurrence outside headings and links, with the words around it", () => {
    expect(anchorContext(html, "Cold  Brew guide")).toEqual({ before: "Start with our short ", anchor: "cold brew guide", after: ", then pick a burr grinder." });
  });
  it("matches whole words only", () => {
    expect(anchorContext("<p>Grinders and a grinder.</p>", "grinder")).toEqual({ before: "Grinders and a ", anchor: "grinder", after: "." });
    expect(anchorContext("<p>Grinders only.</p>", "grinder")).toBeNull();
  });
  it("never counts headings, links, figures or code", () => {
    expect(anchorContext("<h2>burr grinder</h2><figure><figcaption>burr grinder</figcaption></figure><pre>burr grinder</pre><p><a>burr grinder</a></p>", "burr grinder")).toBeNull();
  });
  it("shows an inserted link where it is, by its id", () => {
    const inserted = '<p>A burr grinder.</p><p>Then a <a href="https://b.example/" data-igny8-link="abc123">burr grinder</a> again.</p>';
    expect(anchorContext(inserted, "burr grinder", "abc123")).toEqual({ before: "Then a ", anchor: "burr grinder", after: " again." });
    expect(anchorContext(inserted, "burr grinder", "other")).toEqual({ before: "A ", anchor: "burr grinder", after: "." });
  });
  it("clips long sentences at a word, away from the anchor", () => {
    const long = "<p>" + "word ".repeat(40) + "anchor text " + "tail ".repeat(40) + "</p>";
    const c = anchorContext(long, "anchor text", undefined, 30)!;
    expect(c.anchor).toBe("anchor text");
    expect(c.before.startsWith("…")).toBe(true);
    expect(c.before.length).toBeLessThanOrEqual(31);
    expect(c.after.endsWith("…")).toBe(true);
    expect(c.after.startsWith(" tail")).toBe(true);
  });
  it("decodes entities as the reader sees them", () => {
    expect(anchorContext("<p>Tea &amp; coffee pairing.</p>", "tea & coffee")?.anchor).toBe("Tea & coffee");
  });
});

describe("actions", () => {
  const links = [
    { id: "a", status: "suggested" as const, source_content: "s" },
    { id: "b", status: "approved" as const, source_content: "s" },
    { id: "c", status: "inserted" as const, source_content: "s" },
    { id: "d", status: "rejected" as const, source_content: "s" },
    { id: "e", status: "removing" as const, source_content: "t" },
  ];
  it("applies each action only to the statuses its route accepts", () => {
    expect(actionable(links, "approve")).toEqual(["a", "d"]);
    expect(actionable(links, "reject")).toEqual(["a", "b"]);
    expect(actionable(links, "remove")).toEqual(["c"]);
    expect(canDo("remove", "removing")).toBe(false);
  });
  it("counts approved, inserted and removing links against the cap of their source", () => {
    expect(capLeft(links, "s")).toBe(3);
    expect(capLeft(links, "t")).toBe(4);
  });
});

describe("summaries", () => {
  it("says what a suggestion run found and why back-fill waits", () => {
    expect(suggestSummary({ outbound: 2, backfill: 0, waiting: "back-fill waits until the article is published (it has no URL yet)" })).toBe(
      "2 new links from this article. The back-fill from older articles waits until the article is published (it has no URL yet).",
    );
    expect(suggestSummary({ outbound: 0, backfill: 1 })).toBe("1 new link into it from older articles.");
    expect(suggestSummary({ outbound: 0, backfill: 0 })).toBe("0 new links from this article.");
  });
  it("reports a bulk call's done, jobs and skipped with their reasons", () => {
    expect(bulkSummary({ action: "approve", done: { a: "approved", b: "approved" }, skipped: [{ id: "c", reason: "The article already has 5 links from igny8, the most per post: remove one first." }], jobs: ["j"] })).toEqual({
      title: "2 links approved",
      body: "1 article is being updated; the links follow live. 1 link skipped: The article already has 5 links from igny8, the most per post: remove one first.",
    });
    expect(bulkSummary({ action: "reject", done: { a: "rejected" }, skipped: [], jobs: [] })).toEqual({ title: "1 link rejected", body: undefined });
  });
});
