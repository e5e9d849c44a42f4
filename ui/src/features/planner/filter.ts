// The keywords table's filter: kept in the URL, turned into the PocketBase filter the
// table lists with, and sent as is to the bulk routes for "all N matching" — the server
// (planner.KeywordFilter) builds the very same string, checked against one shared
// fixture by both sides (planner/testdata/keyword_filters.json).
import { pb } from "@/lib/pb";

export interface KeywordFilter {
  site?: string;
  search?: string;
  volumeMin?: number;
  volumeMax?: number;
  kdMin?: number;
  kdMax?: number;
  intent?: string;
  status?: string;
  /** A cluster id, or "none" for keywords in no cluster. */
  cluster?: string;
  source?: string;
}

export const CLUSTER_NONE = "none";

export const keywordStatuses = ["new", "clustered", "in_use", "archived"] as const;
export const intents = ["informational", "commercial", "transactional", "navigational"] as const;

/** The URL query keys of the filter (the same names as the JSON fields). */
export const filterKeys = ["site", "search", "volumeMin", "volumeMax", "kdMin", "kdMax", "intent", "status", "cluster", "source"] as const;

const numeric = new Set(["volumeMin", "volumeMax", "kdMin", "kdMax"]);

/** Reads the filter from URL values; unparsable numbers are left out. */
export function filterFromParams(values: Record<string, string | undefined>): KeywordFilter {
  const f: Record<string, string | number> = {};
  for (const k of filterKeys) {
    const v = values[k]?.trim();
    if (!v) continue;
    if (numeric.has(k)) {
      const n = Number(v);
      if (Number.isFinite(n)) f[k] = n;
    } else f[k] = v;
  }
  return f as KeywordFilter;
}

/** The URL values of a filter (undefined removes a key). */
export function filterToParams(f: KeywordFilter): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of filterKeys) {
    const v = f[k];
    out[k] = v === undefined || v === "" ? undefined : String(v);
  }
  return out;
}

/** The PocketBase filter of f within tenant, exactly as the server builds it. */
export function buildKeywordFilter(tenant: string, f: KeywordFilter): string {
  const parts = ["tenant = {:tenant}"];
  const params: Record<string, string | number> = { tenant };
  const add = (cond: string, name: string, v: string | number) => {
    parts.push(cond);
    params[name] = v;
  };
  if (f.site) add("site = {:site}", "site", f.site);
  const search = f.search?.trim();
  if (search) add("keyword ~ {:search}", "search", search);
  if (f.volumeMin !== undefined) add("volume >= {:volumeMin}", "volumeMin", f.volumeMin);
  if (f.volumeMax !== undefined) add("volume <= {:volumeMax}", "volumeMax", f.volumeMax);
  if (f.kdMin !== undefined) add("difficulty >= {:kdMin}", "kdMin", f.kdMin);
  if (f.kdMax !== undefined) add("difficulty <= {:kdMax}", "kdMax", f.kdMax);
  if (f.intent) add("intent = {:intent}", "intent", f.intent);
  if (f.status) add("status = {:status}", "status", f.status);
  if (f.cluster === CLUSTER_NONE) parts.push("cluster = ''");
  else if (f.cluster) add("cluster = {:cluster}", "cluster", f.cluster);
  if (f.source) add("source = {:source}", "source", f.source);
  return pb.filter(parts.join(" && "), params);
}

/** Whether anything beyond the site narrows the list. */
export function isFiltered(f: KeywordFilter): boolean {
  return filterKeys.some((k) => k !== "site" && f[k] !== undefined && f[k] !== "");
}

/** The keyword sources the importer and the paste route write (keywords.source). */
export const sources = [
  { value: "paste", label: "Pasted" },
  { value: "import:semrush", label: "Semrush" },
  { value: "import:ahrefs", label: "Ahrefs" },
  { value: "import:google_keyword_planner", label: "Keyword Planner" },
  { value: "import:generic", label: "Other file" },
];
