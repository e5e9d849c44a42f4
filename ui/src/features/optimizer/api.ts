// The Optimizer's server calls (docs/API.md "Optimizer (refreshes)"): query keys (each
// starts with the workspace id) and fetchers taking the query's AbortSignal. Refreshes
// are read through the collections API (members read, nobody writes there); scan, run
// and dismiss are igny8's routes. Review reads the article's versions through the
// Writer's routes, and republishing is the Writer's approve + publish.
import { pb } from "@/lib/pb";
import type { BaseRecord, Job } from "@/lib/types";

export type RefreshStatus = "suggested" | "queued" | "review" | "published" | "dismissed" | "failed";

/** One cause of a refresh (optimizer.Reason). */
export interface Reason {
  code: "age" | "thin" | "missing_keywords" | "falling_clicks" | "falling_position" | "overlap" | string;
  text: string;
}

/** A refreshes record (collections/refreshes.go). */
export interface Refresh extends BaseRecord {
  tenant: string;
  site: string;
  /** The igny8 content published as the post; empty for a post igny8 did not write. */
  content: string;
  /** The site index's record of the post (site_pages), when indexed. */
  page: string;
  url: string;
  title: string;
  reasons: Reason[] | null;
  missing_keywords: string[] | null;
  score: number;
  status: RefreshStatus;
  overlap: string;
  /** The content version the rewrite made (0 until it ran). */
  version: number;
  error: string;
  model: string;
}

export type RefreshRow = Refresh & { expand?: { page?: { id: string; wp_id: number } } };

/** The list's tabs: what is still to decide, what went live, what was set aside. */
export type RefreshView = "open" | "published" | "dismissed";

export const refreshViews: { value: RefreshView; label: string }[] = [
  { value: "open", label: "To do" },
  { value: "published", label: "Republished" },
  { value: "dismissed", label: "Dismissed" },
];

const viewStatuses: Record<RefreshView, RefreshStatus[]> = {
  open: ["suggested", "queued", "review", "failed"],
  published: ["published"],
  dismissed: ["dismissed"],
};

export const optimizerKeys = {
  all: (t: string) => [t, "optimizer"] as const,
  list: (t: string, site: string, view: RefreshView, page: number, perPage: number, sort: string) => [t, "optimizer", "refreshes", site, view, page, perPage, sort] as const,
  count: (t: string, site: string, view: RefreshView) => [t, "optimizer", "refreshes", site, view, "count"] as const,
  counts: (t: string, site: string) => [t, "optimizer", "refreshes", site, "counts"] as const,
  refresh: (t: string, id: string) => [t, "optimizer", "refresh", id] as const,
  scanJob: (t: string, site: string) => [t, "optimizer", "scan", site] as const,
  jobs: (t: string, site: string) => [t, "optimizer", "jobs", site] as const,
  schedule: (t: string, site: string) => [t, "optimizer", "schedule", site] as const,
};

/** The PocketBase filter of a site's refreshes in one view. */
export function refreshFilter(tenant: string, site: string, view: RefreshView): string {
  const params: Record<string, string> = { t: tenant, s: site };
  const ors = viewStatuses[view].map((st, i) => {
    params[`st${i}`] = st;
    return `status = {:st${i}}`;
  });
  return pb.filter(`tenant = {:t} && site = {:s} && (${ors.join(" || ")})`, params);
}

const FIELDS = "id,collectionId,collectionName,tenant,site,content,page,url,title,reasons,missing_keywords,score,status,overlap,version,error,model,created,updated";

export async function listRefreshes(tenant: string, site: string, view: RefreshView, page: number, perPage: number, sort: string, signal?: AbortSignal) {
  const res = await pb.collection("refreshes").getList<RefreshRow>(page, perPage, {
    filter: refreshFilter(tenant, site, view),
    sort: sort ? `${sort},id` : "-score,-updated,id",
    fields: FIELDS + ",expand.page.id,expand.page.wp_id",
    expand: "page",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

export async function countRefreshes(tenant: string, site: string, view: RefreshView, signal?: AbortSignal) {
  const res = await pb.collection("refreshes").getList(1, 1, { filter: refreshFilter(tenant, site, view), fields: "id", signal, requestKey: null });
  return res.totalItems;
}

/** How many of the site's refreshes are suggested and in review (the site page's panel). */
export async function refreshCounts(tenant: string, site: string, signal?: AbortSignal) {
  const one = async (status: RefreshStatus) =>
    (await pb.collection("refreshes").getList(1, 1, { filter: pb.filter("tenant = {:t} && site = {:s} && status = {:st}", { t: tenant, s: site, st: status }), fields: "id", signal, requestKey: null })).totalItems;
  const [suggested, review] = await Promise.all([one("suggested"), one("review")]);
  return { suggested, review };
}

export function getRefresh(id: string, signal?: AbortSignal) {
  return pb.collection("refreshes").getOne<RefreshRow>(id, { fields: FIELDS + ",expand.page.id,expand.page.wp_id", expand: "page", signal, requestKey: null });
}

/** The site's newest scan job (queued, running or finished), or null. */
export async function lastScanJob(tenant: string, site: string, signal?: AbortSignal) {
  const res = await pb.collection("jobs").getList<Job & { result?: ScanResult | null }>(1, 1, {
    filter: pb.filter("tenant = {:t} && site = {:s} && type = 'optimizer.scan'", { t: tenant, s: site }),
    sort: "-created,id",
    fields: "id,type,site,status,progress,step,error,result,created,updated,finished",
    signal,
    requestKey: null,
  });
  return res.items[0] ?? null;
}

/** The site's queued or running refresh jobs, by refresh id (their progress live). */
export async function activeRefreshJobs(tenant: string, site: string, signal?: AbortSignal) {
  const list = await pb.collection("jobs").getFullList<Job>({
    filter: pb.filter("tenant = {:t} && site = {:s} && type = 'optimizer.refresh' && (status = 'queued' || status = 'running')", { t: tenant, s: site }),
    fields: "id,type,site,target,status,progress,step,error,created,updated",
    signal,
    requestKey: null,
  });
  return Object.fromEntries(list.map((j) => [j.target, j])) as Record<string, Job>;
}

export interface ScanResult {
  checked: number;
  suggested: number;
  updated: number;
}

/** The site's optimizer schedule (one per site, disabled until enabled), or null. */
export async function optimizerSchedule(tenant: string, site: string, signal?: AbortSignal) {
  const res = await pb.collection("schedules").getList<BaseRecord & { enabled: boolean; spec: string; next_run: string; last_run: string }>(1, 1, {
    filter: pb.filter("tenant = {:t} && site = {:s} && type = 'optimizer'", { t: tenant, s: site }),
    fields: "id,collectionId,collectionName,enabled,spec,next_run,last_run,created,updated",
    signal,
    requestKey: null,
  });
  return res.items[0] ?? null;
}

export function scanSite(site: string) {
  return pb.send<{ job: string; status: string }>(`/api/igny8/sites/${encodeURIComponent(site)}/optimizer/scan`, { method: "POST", requestKey: null });
}

export function runRefresh(id: string) {
  return pb.send<{ job: string; status: string; credits: number }>(`/api/igny8/refreshes/${encodeURIComponent(id)}/run`, { method: "POST", requestKey: null });
}

export function dismissRefresh(id: string) {
  return pb.send<Refresh>(`/api/igny8/refreshes/${encodeURIComponent(id)}/dismiss`, { method: "POST", requestKey: null });
}
