import { describe, expect, it } from "vitest";
import { outlineToText, textToSections } from "./IdeasPage";
import { receiptText } from "./Receipt";
import { effectiveMapping } from "./ImportWizard";

describe("outline editing", () => {
  it("round-trips sections and subsections", () => {
    const o = { sections: [{ h2: "Basics", h3: ["Terms", "Tools"] }, { h2: "Ratios", h3: [] }] };
    const text = outlineToText(o);
    expect(text).toBe("## Basics\n### Terms\n### Tools\n## Ratios");
    expect(textToSections(text)).toEqual(o.sections);
  });

  it("reads loose lines as subsections and ignores text before the first section", () => {
    expect(textToSections("intro\n# One\nplain line\n\n### Two")).toEqual([{ h2: "One", h3: ["plain line", "Two"] }]);
  });
});

describe("cluster receipts", () => {
  it("explains a grouping by shared terms", () => {
    expect(receiptText({ method: "tokens", terms: ["cold", "brew"], cohesion: 0.72, embeddings: false })).toEqual([
      "They share the terms “cold”, “brew”.",
      "Cohesion 72 % (shared terms).",
      "Grouped without AI.",
    ]);
  });
  it("explains an AI clustering and its repairs", () => {
    expect(receiptText({ method: "ai", model: "dev", repairedMissing: 2, repairedDuplicates: 0 })).toEqual([
      "Grouped by shared terms, then named and checked by the AI (dev).",
      "2 keywords the AI left out or repeated were placed by the grouping.",
    ]);
    expect(receiptText(null)).toEqual([]);
  });
  it("explains a split made by hand and the clustering's note", () => {
    expect(receiptText({ method: "manual", byHand: true, splitFrom: "c1" })).toEqual(["Split off another cluster by hand."]);
    expect(receiptText({ method: "tokens", terms: [], note: "Matches “Brew”, which already has published content." })).toContain("Matches “Brew”, which already has published content.");
  });
});

describe("import mapping", () => {
  const t = {
    source: "semrush", encoding: "UTF-8", headerRow: 1, header: ["Keyword", "Search Vol.", "KD %"], columns: {}, unmapped: [], preview: [], rows: 2, rejected: 0, duplicates: 0, rejectedRows: [],
    fields: [
      { field: "keyword", header: "Keyword", kind: "key" },
      { field: "volume", header: "", kind: "keyword" },
      { field: "difficulty", header: "KD %", kind: "keyword" },
    ],
  };
  it("puts the user's changes over the server's detection", () => {
    expect(effectiveMapping(t, { volume: "Search Vol." })).toEqual({ keyword: "Keyword", volume: "Search Vol.", difficulty: "KD %" });
    expect(effectiveMapping(t, { difficulty: "" })).toEqual({ keyword: "Keyword" });
  });
});
