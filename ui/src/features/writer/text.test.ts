import { describe, expect, it } from "vitest";
import { diffBlocks, formatInZone, lengthTone, localInZone, siteTimezone, taskKeywords, textBlocks, wordCount } from "./text";

describe("writer text helpers", () => {
  it("counts the words of the text, not the markup", () => {
    expect(wordCount("<h2>Cold brew</h2><p>Grind <strong>coarse</strong>, steep &amp; wait.</p>")).toBe(7);
    expect(wordCount("")).toBe(0);
  });

  it("lists blocks with headings marked and figures as their alt", () => {
    expect(textBlocks('<h2 id="a">Ratio</h2><p>One to eight.</p><figure data-igny8-image="x"><img src="/a.png" alt="A jar"></figure><ul><li>Ice</li></ul>')).toEqual([
      "## Ratio",
      "One to eight.",
      "[image: A jar]",
      "Ice",
    ]);
  });

  it("folds unchanged blocks and diffs a changed one against the block it replaced", () => {
    const a = "<h2>Ratio</h2><p>One to eight.</p><p>Steep for twelve hours.</p><p>Serve cold.</p>";
    const b = "<h2>Ratio</h2><p>One to eight.</p><p>Steep for eighteen hours.</p><p>Serve cold.</p><p>Enjoy.</p>";
    const blocks = diffBlocks(a, b);
    expect(blocks.map((x) => x.kind)).toEqual(["same", "changed", "same", "changed"]);
    expect(blocks[0]).toEqual({ kind: "same", lines: ["## Ratio", "One to eight."] });
    const changed = blocks[1] as Extract<(typeof blocks)[number], { kind: "changed" }>;
    expect(changed.parts.filter((p) => p.removed).map((p) => p.value)).toEqual(["twelve"]);
    expect(changed.parts.filter((p) => p.added).map((p) => p.value)).toEqual(["eighteen"]);
    expect(blocks[3]).toEqual({ kind: "changed", parts: [{ value: "Enjoy.", added: true }] });
  });

  it("reads the site's zone as the server does", () => {
    expect(siteTimezone({ timezone: "Europe/Berlin", wp_settings: { timezone: "Asia/Tokyo" } })).toBe("Europe/Berlin");
    expect(siteTimezone({ timezone: "", wp_settings: { timezone: "Asia/Tokyo" } })).toBe("Asia/Tokyo");
    expect(siteTimezone({ timezone: "Mars/Olympus", wp_settings: null })).toBe("UTC");
    expect(siteTimezone(undefined)).toBe("UTC");
  });

  it("shows instants in the site's zone", () => {
    const at = new Date("2030-07-01T07:00:00Z");
    expect(localInZone(at, "Europe/Berlin")).toBe("2030-07-01T09:00");
    expect(localInZone(at, "UTC")).toBe("2030-07-01T07:00");
    expect(formatInZone("2030-07-01 07:00:00.000Z", "Europe/Berlin")).toContain("09:00");
  });

  it("judges meta lengths", () => {
    expect(lengthTone(10, [30, 60])).toBe("short");
    expect(lengthTone(45, [30, 60])).toBe("ok");
    expect(lengthTone(61, [30, 60])).toBe("long");
  });

  it("reads task keywords in every stored shape", () => {
    expect(taskKeywords(["cold brew", " ratio "])).toEqual(["cold brew", "ratio"]);
    expect(taskKeywords([{ keyword: "a" }, { name: "b" }])).toEqual(["a", "b"]);
    expect(taskKeywords('["x"]')).toEqual(["x"]);
    expect(taskKeywords(null)).toEqual([]);
  });
});
