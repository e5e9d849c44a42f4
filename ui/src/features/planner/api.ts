// The Planner's server calls: query keys (every one starts with the workspace id) and
// fetchers taking the query's AbortSignal. Big lists pass skipTotal; the count is its
// own query, so paging never waits for COUNT(*) over 100k keywords.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";
import { buildKeywordFilter, type KeywordFilter } from "./filter";

export interface Keyword extends BaseRecord {
  tenant: string;
  site: string;
  keyword: string;
  volume: number;
  volume_raw: string;
  difficulty: number;
  cpc: number;
  intent: string;
  country: string;
  language: string;
  source: string;
  status: "new" | "clustered" | "in_use" | "archived" | "";
  cluster: string;
}

export interface ClusterReceipts {
  method?: "ai" | "tokens" | string;
  model?: string;
  terms?: string[];
  cohesion?: number;
  embeddings?: boolean;
  repairedDuplicates?: number;
  repairedMissing?: number;
  /** Why the clustering kept new keywords apart from a published topic. */
  note?: string;
  byHand?: boolean;
  splitFrom?: string;
  mergedInto?: string;
}

export interface Cluster extends BaseRecord {
  tenant: string;
  site: string;
  name: string;
  description: string;
  intent: string;
  status: "active" | "archived" | "";
  keyword_count: number;
  total_volume: number;
  avg_difficulty: number;
  receipts: ClusterReceipts | null;
  model: string;
}

export interface OutlineSection {
  h2: string;
  h3?: string[];
}

export interface Outline {
  description?: string;
  sections?: OutlineSection[];
}

export interface Idea extends BaseRecord {
  tenant: string;
  site: string;
  cluster: string;
  title: string;
  primary_keyword: string;
  target_keywords: string[] | null;
  content_type: string;
  structure: string;
  outline: Outline | null;
  estimated_words: number;
  intent: string;
  status: "new" | "approved" | "rejected" | "queued" | "done" | "";
  model: string;
}

export interface SiteRow extends BaseRecord {
  tenant: string;
  name: string;
  url: string;
  status: string;
}

export interface Price {
  action: string;
  credits: number;
  per: number;
  unit: string;
  note: string;
}

export interface Estimate {
  keywords: number;
  clusterable: number;
  clusterCredits: number;
  balance: number;
  balanceAfter: number;
  affordable: boolean;
  limit: number;
}

/** What a bulk route acts on: the checked rows, or everything matching the filter. */
export type Selection = { ids: string[] } | { filter: KeywordFilter };

export const plannerKeys = {
  all: (t: string) => [t, "planner"] as const,
  sites: (t: string) => [t, "planner", "sites"] as const,
  keywords: (t: string, f: KeywordFilter, page: number, perPage: number, sort: string) => [t, "planner", "keywords", "page", f, page, perPage, sort] as const,
  keywordCount: (t: string, f: KeywordFilter) => [t, "planner", "keywords", "count", f] as const,
  estimate: (t: string, sel: Selection) => [t, "planner", "keywords", "estimate", sel] as const,
  clusters: (t: string, site: string, search: string, page: number) => [t, "planner", "clusters", site, search, page] as const,
  clusterOptions: (t: string, site: string) => [t, "planner", "clusters", "options", site] as const,
  cluster: (t: string, id: string) => [t, "planner", "cluster", id] as const,
  ideas: (t: string, site: string, status: string, page: number) => [t, "planner", "ideas", site, status, page] as const,
  costs: ["costs"] as const,
};

const KEYWORD_FIELDS = "id,collectionId,collectionName,tenant,site,keyword,volume,volume_raw,difficulty,cpc,intent,country,language,source,status,cluster,created,updated";

export function listSites(tenant: string, signal?: AbortSignal) {
  return pb.collection("sites").getFullList<SiteRow>({
    filter: pb.filter("tenant = {:t}", { t: tenant }),
    sort: "created",
    fields: "id,collectionId,collectionName,tenant,name,url,status,created,updated",
    signal,
    requestKey: null,
  });
}

export function createSite(tenant: string, name: string, url: string) {
  return pb.collection("sites").create<SiteRow>({ tenant, name, url, status: "new" }, { requestKey: null });
}

export async function listKeywords(tenant: string, f: KeywordFilter, page: number, perPage: number, sort: string, signal?: AbortSignal) {
  const res = await pb.collection("keywords").getList<Keyword>(page, perPage, {
    filter: buildKeywordFilter(tenant, f),
    sort: sort ? `${sort},id` : "-volume,id",
    fields: KEYWORD_FIELDS + ",expand.cluster.id,expand.cluster.name",
    expand: "cluster",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items as (Keyword & { expand?: { cluster?: { id: string; name: string } } })[];
}

/** The number of keywords matching f (its own query: the page does not wait for it). */
export async function countKeywords(tenant: string, f: KeywordFilter, signal?: AbortSignal) {
  const res = await pb.collection("keywords").getList(1, 1, { filter: buildKeywordFilter(tenant, f), fields: "id", signal, requestKey: null });
  return res.totalItems;
}

export function estimate(tenant: string, sel: Selection, signal?: AbortSignal) {
  return pb.send<Estimate>("/api/igny8/planner/keywords/estimate", { method: "POST", body: { tenant, ...sel }, signal, requestKey: null });
}

export type BulkAction = "archive" | "restore" | "delete" | "move";

export function bulk(tenant: string, action: BulkAction, sel: Selection, cluster?: string) {
  return pb.send<{ keywords: number }>(`/api/igny8/planner/keywords/${action}`, {
    method: "POST",
    body: { tenant, ...sel, ...(action === "move" ? { cluster: cluster ?? "" } : {}) },
    requestKey: null,
  });
}

export function clusterSelection(tenant: string, sel: Selection) {
  return pb.send<{ jobs: string[]; keywords: number; credits: number }>("/api/igny8/planner/keywords/cluster", {
    method: "POST",
    body: { tenant, ...sel },
    requestKey: null,
  });
}

export interface ImportResult {
  vendor?: string;
  encoding?: string;
  rows: number;
  imported: number;
  updated: number;
  duplicates: number;
  rejected: number;
  rejectedRows: { row: number; reason: string }[];
}

export function pasteKeywords(site: string, text: string) {
  return pb.send<ImportResult>("/api/igny8/planner/keywords", { method: "POST", body: { site, text }, requestKey: null });
}

export function getCosts(signal?: AbortSignal) {
  return pb.send<{ items: Price[] }>("/api/igny8/costs", { signal, requestKey: null }).then((r) => r.items);
}

/** Credits qty units of action cost by the server's table (partial batches round up). */
export function costOf(prices: Price[] | undefined, action: string, qty: number): number | undefined {
  const p = prices?.find((x) => x.action === action);
  if (!p || qty <= 0) return p ? 0 : undefined;
  return Math.ceil(qty / p.per) * p.credits;
}

export async function listClusters(tenant: string, site: string, search: string, page: number, perPage: number, signal?: AbortSignal) {
  const parts = ["tenant = {:t}", "status != 'archived'"];
  const params: Record<string, string> = { t: tenant };
  if (site) {
    parts.push("site = {:site}");
    params.site = site;
  }
  if (search.trim()) {
    parts.push("name ~ {:q}");
    params.q = search.trim();
  }
  return pb.collection("clusters").getList<Cluster>(page, perPage, {
    filter: pb.filter(parts.join(" && "), params),
    sort: "-total_volume,id",
    signal,
    requestKey: null,
  });
}

/** Clusters to move keywords into (the biggest 200 of a site). */
export async function clusterOptions(tenant: string, site: string, signal?: AbortSignal) {
  const res = await pb.collection("clusters").getList<Cluster>(1, 200, {
    filter: pb.filter("tenant = {:t} && site = {:site} && status != 'archived'", { t: tenant, site }),
    sort: "-keyword_count,id",
    fields: "id,name,keyword_count,site",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

export function getCluster(id: string, signal?: AbortSignal) {
  return pb.collection("clusters").getOne<Cluster>(id, { signal, requestKey: null });
}

export function renameCluster(id: string, name: string) {
  return pb.collection("clusters").update<Cluster>(id, { name }, { requestKey: null });
}

export function clusterKeywords(tenant: string, cluster: string, signal?: AbortSignal) {
  return pb
    .collection("keywords")
    .getList<Keyword>(1, 200, {
      filter: pb.filter("tenant = {:t} && cluster = {:c}", { t: tenant, c: cluster }),
      sort: "-volume,id",
      fields: KEYWORD_FIELDS,
      signal,
      requestKey: null,
    });
}

export function generateIdeas(cluster: string, count: number) {
  return pb.send<{ jobs: string[]; credits: number }>("/api/igny8/planner/ideas", { method: "POST", body: { cluster, count }, requestKey: null });
}

export function clusterSite(site: string) {
  return pb.send<{ jobs: string[]; keywords: number; credits: number }>("/api/igny8/planner/cluster", { method: "POST", body: { site }, requestKey: null });
}

export async function listIdeas(tenant: string, site: string, status: string, page: number, perPage: number, signal?: AbortSignal) {
  const parts = ["tenant = {:t}"];
  const params: Record<string, string> = { t: tenant };
  if (site) {
    parts.push("site = {:site}");
    params.site = site;
  }
  if (status) {
    parts.push("status = {:status}");
    params.status = status;
  } else parts.push("status != 'rejected'");
  return pb.collection("ideas").getList<Idea>(page, perPage, {
    filter: pb.filter(parts.join(" && "), params),
    sort: "-created,id",
    expand: "cluster",
    signal,
    requestKey: null,
  });
}

export function updateIdea(id: string, patch: Partial<Pick<Idea, "title" | "outline" | "status" | "primary_keyword" | "estimated_words">>) {
  return pb.collection("ideas").update<Idea>(id, patch, { requestKey: null });
}

export function queueIdeas(ids: string[]) {
  return pb.send<{ tasks: { id: string }[] }>("/api/igny8/planner/ideas/queue", { method: "POST", body: { ids }, requestKey: null });
}

export interface ClusterSuggestions {
  merge: { clusters: string[]; names: string[]; similarity: number; terms?: string[] }[];
  split: { cluster: string; name: string; cohesion: number; parts: string[][]; heads?: string[] }[];
}

export function clusterSuggestions(site: string, signal?: AbortSignal) {
  return pb.send<ClusterSuggestions>(`/api/igny8/planner/clusters/suggestions?site=${encodeURIComponent(site)}`, { signal, requestKey: null });
}

export function mergeCluster(id: string, into: string) {
  return pb.send<Cluster>(`/api/igny8/planner/clusters/${encodeURIComponent(id)}/merge`, { method: "POST", body: { into }, requestKey: null });
}

/** Splits a cluster: the named keywords (or the server's suggested second part) go to a new cluster. */
export function splitCluster(id: string, keywords?: string[], name?: string) {
  return pb.send<Cluster>(`/api/igny8/planner/clusters/${encodeURIComponent(id)}/split`, { method: "POST", body: { keywords, name }, requestKey: null });
}
