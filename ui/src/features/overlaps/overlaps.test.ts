import { describe, expect, it } from "vitest";
import { ClientResponseError } from "pocketbase";
import { blocks, decisions, decisionText, percent, refusedOverlaps, safeHref, summarise } from "./overlaps";
import { badgeText } from "./OverlapBadge";
import { flaggedSubjects } from "./OverlapSummary";
import type { SiteOverlap } from "./api";

function apiError(status: number, data: unknown) {
  return new ClientResponseError({ url: "/api/igny8/contents/c1/publish", status, response: { status, message: "refused", data } });
}

describe("a refused publish", () => {
  it("reads the overlaps of a 409 igny8_overlap", () => {
    const err = apiError(409, {
      code: "igny8_overlap",
      overlaps: [{ id: "o1", url: "https://tea.example/how-to-choose-pour-over-coffee/", title: "How to choose pour-over coffee", score: 0.82, status: "open", reasons: ["same keyword", 3] }],
    });
    expect(refusedOverlaps(err)).toEqual([{ id: "o1", url: "https://tea.example/how-to-choose-pour-over-coffee/", title: "How to choose pour-over coffee", score: 0.82, status: "open", reasons: ["same keyword"] }]);
  });
  it("is null for any other error, a 409 conflict with WordPress included", () => {
    expect(refusedOverlaps(apiError(409, { code: "igny8_conflict" }))).toBeNull();
    expect(refusedOverlaps(apiError(400, { code: "igny8_overlap", overlaps: [] }))).toBeNull();
    expect(refusedOverlaps(new Error("network"))).toBeNull();
  });
  it("drops entries without an id (they cannot be decided)", () => {
    expect(refusedOverlaps(apiError(409, { code: "igny8_overlap", overlaps: [{ url: "x" }, null, { id: "o2" }] }))).toEqual([{ id: "o2", url: "", title: "", score: 0, status: "open", reasons: [] }]);
  });
});

describe("decisions", () => {
  it("offers merge only where there is a post to refresh", () => {
    expect(decisions("content", true).map((d) => d.decision)).toEqual(["skip", "merge", "go_ahead"]);
    expect(decisions("idea", false).map((d) => d.decision)).toEqual(["skip", "go_ahead"]);
  });
  it("says what each does to an idea and to an article", () => {
    expect(decisions("idea", true)[0]!.effect).toBe("The idea is rejected.");
    expect(decisions("content", true)[0]!.effect).toBe("The article stays unpublished.");
    expect(decisionText("go_ahead", "content")).toBe("Go ahead: the article may be published");
    expect(decisionText("merge", "idea")).toBe("Merged into a refresh of the existing post");
    expect(decisionText("open", "idea")).toBe("");
  });
  it("holds publishing while an overlap is open or skipped, as the server does", () => {
    expect(["open", "skip", "merge", "go_ahead"].map((status) => blocks({ status: status as "open" }))).toEqual([true, true, false, false]);
    expect(summarise([{ status: "open" }, { status: "skip" }, { status: "go_ahead" }])).toEqual({ total: 3, open: 1, blocking: 2 });
  });
});

describe("the badge", () => {
  it("counts undecided pages, else names the decision", () => {
    expect(badgeText([])).toEqual({ text: "", open: false });
    expect(badgeText([{ status: "open" }, { status: "open" }, { status: "go_ahead" }])).toEqual({ text: "overlaps 2 pages", open: true });
    expect(badgeText([{ status: "go_ahead" }, { status: "skip" }]).text).toBe("overlap: skipped");
    expect(badgeText([{ status: "go_ahead" }, { status: "merge" }]).text).toBe("overlap: merged into a refresh");
    expect(badgeText([{ status: "go_ahead" }]).text).toBe("overlap: go ahead");
  });
});

describe("addresses and scores", () => {
  it("links only web addresses", () => {
    expect(safeHref("https://tea.example/a/")).toBe("https://tea.example/a/");
    expect(safeHref("http://127.0.0.1:22129/?p=4")).toBe("http://127.0.0.1:22129/?p=4");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("/relative")).toBeNull();
    expect(safeHref("")).toBeNull();
  });
  it("shows a score as a clamped whole percentage", () => {
    expect(percent(0.826)).toBe("83 %");
    expect(percent(1.2)).toBe("100 %");
    expect(percent(Number.NaN)).toBe("0 %");
  });
});

describe("the site's flagged work", () => {
  it("names each idea or article once, with its number of pages", () => {
    const o = (id: string, content: string, title: string) => ({ id, content, idea: "", expand: { content: { id: content, title } } }) as unknown as SiteOverlap;
    expect(flaggedSubjects([o("1", "c1", "Pour-over"), o("2", "c2", "Espresso"), o("3", "c1", "Pour-over")], "content")).toEqual([
      { id: "c1", title: "Pour-over", pages: 2 },
      { id: "c2", title: "Espresso", pages: 1 },
    ]);
  });
});
