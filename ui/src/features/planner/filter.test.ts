import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildKeywordFilter, filterFromParams, filterToParams, type KeywordFilter } from "./filter";

// The fixture the Go side checks too (planner/keywords_filter_test.go): the app and the
// server must build the same string (vitest runs in ui/), or "all N matching" would act on other rows.
const fixture = JSON.parse(readFileSync(resolve(process.cwd(), "../planner/testdata/keyword_filters.json"), "utf8")) as {
  tenant: string;
  cases: { name: string; filter: KeywordFilter; pb: string }[];
};

describe("buildKeywordFilter", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s builds the server's string", (_name, c) => {
    expect(buildKeywordFilter(fixture.tenant, c.filter)).toBe(c.pb);
  });

  it("round-trips through the URL, keeping 0 and dropping junk", () => {
    const f: KeywordFilter = { search: "cold brew", volumeMin: 0, kdMax: 60, cluster: "none" };
    const params = filterToParams(f);
    expect(filterFromParams(params)).toEqual(f);
    expect(filterFromParams({ volumeMin: "lots", search: "  " })).toEqual({});
  });

  it("keeps user text a value, never filter syntax", () => {
    const s = buildKeywordFilter("t1", { search: '" || tenant != "t1' });
    expect(s).toBe('tenant = "t1" && keyword ~ "\\" || tenant != \\"t1"');
  });
});
