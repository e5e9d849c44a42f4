// The site index's server calls (docs/WORDPRESS.md "Know the live site"): the site_pages
// records igny8 read from the WordPress site (members read them through the collections
// API; only the index job writes them), the site's newest index job, its indexing
// schedule, and "Index now" (POST /api/igny8/sites/{site}/index, editor+, free).
import { pb } from "@/lib/pb";
import type { BaseRecord, Job } from "@/lib/types";

/** A site_pages record (collections/site_pages.go). */
export interface SitePage extends BaseRecord {
  tenant: string;
  site: string;
  wp_id: number;
  kind: "post" | "page";
  url: string;
  slug: string;
  title: string;
  headings: string[] | null;
  categories: string[] | null;
  excerpt: string;
  word_count: number;
  published_at: string;
  modified_at: string;
  source: "rest" | "sitemap";
  /** The igny8 content published as this post; empty for anyone else's. */
  content: string;
  indexed_at: string;
}

/** What an index run did (wordpress.IndexResult). */
export interface IndexResult {
  source: string;
  listed: number;
  read: number;
  added: number;
  updated: number;
  removed: number;
  more?: boolean;
  restRefused?: string;
}

export type IndexJob = Job & { result?: IndexResult | null };

export const JOB_INDEX = "wordpress.index";

export interface PageFilter {
  search?: string;
  kind?: string;
  /** "igny8": published by igny8; "other": anyone else's. */
  origin?: string;
}

export const siteIndexKeys = {
  all: (t: string) => [t, "siteindex"] as const,
  list: (t: string, site: string, f: PageFilter, page: number, perPage: number, sort: string) => [t, "siteindex", "pages", site, f, page, perPage, sort] as const,
  count: (t: string, site: string, f: PageFilter) => [t, "siteindex", "pages", site, f, "count"] as const,
  kinds: (t: string, site: string) => [t, "siteindex", "pages", site, "kinds"] as const,
  job: (t: string, site: string) => [t, "siteindex", "job", site] as const,
  schedule: (t: string, site: string) => [t, "siteindex", "schedule", site] as const,
};

/** The PocketBase filter of a site's indexed pages: search in title, URL and headings. */
export function pageFilter(tenant: string, site: string, f: PageFilter): string {
  const parts = ["tenant = {:t}", "site = {:s}"];
  const params: Record<string, string> = { t: tenant, s: site };
  const q = f.search?.trim();
  if (q) {
    parts.push("(title ~ {:q} || url ~ {:q} || headings ~ {:q})");
    params.q = q;
  }
  if (f.kind === "post" || f.kind === "page") {
    parts.push("kind = {:k}");
    params.k = f.kind;
  }
  if (f.origin === "igny8") parts.push("content != ''");
  if (f.origin === "other") parts.push("content = ''");
  return pb.filter(parts.join(" && "), params);
}

const FIELDS = "id,collectionId,collectionName,tenant,site,wp_id,kind,url,slug,title,headings,categories,word_count,published_at,modified_at,source,content,indexed_at,created,updated";

export async function listPages(tenant: string, site: string, f: PageFilter, page: number, perPage: number, sort: string, signal?: AbortSignal) {
  const res = await pb.collection("site_pages").getList<SitePage>(page, perPage, {
    filter: pageFilter(tenant, site, f),
    sort: sort ? `${sort},id` : "-published_at,id",
    fields: FIELDS,
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

export async function countPages(tenant: string, site: string, f: PageFilter, signal?: AbortSignal) {
  const res = await pb.collection("site_pages").getList(1, 1, { filter: pageFilter(tenant, site, f), fields: "id", signal, requestKey: null });
  return res.totalItems;
}

/** How many posts and pages of the site are indexed (the site page's panel). */
export async function pageKinds(tenant: string, site: string, signal?: AbortSignal) {
  const [posts, pages] = await Promise.all([countPages(tenant, site, { kind: "post" }, signal), countPages(tenant, site, { kind: "page" }, signal)]);
  return { posts, pages };
}

/** The site's newest index job (queued, running or finished), or null. */
export async function lastIndexJob(tenant: string, site: string, signal?: AbortSignal) {
  const res = await pb.collection("jobs").getList<IndexJob>(1, 1, {
    filter: pb.filter("tenant = {:t} && site = {:s} && type = {:type}", { t: tenant, s: site, type: JOB_INDEX }),
    sort: "-created,id",
    fields: "id,type,site,status,progress,step,error,result,created,updated,finished",
    signal,
    requestKey: null,
  });
  return res.items[0] ?? null;
}

/** The site's indexing schedule (one per site), or null. */
export async function indexSchedule(tenant: string, site: string, signal?: AbortSignal) {
  const res = await pb.collection("schedules").getList<BaseRecord & { enabled: boolean; spec: string; next_run: string; last_run: string }>(1, 1, {
    filter: pb.filter("tenant = {:t} && site = {:s} && type = 'indexing'", { t: tenant, s: site }),
    fields: "id,collectionId,collectionName,enabled,spec,next_run,last_run,created,updated",
    signal,
    requestKey: null,
  });
  return res.items[0] ?? null;
}

export function indexSite(site: string) {
  return pb.send<{ job: string; status: string }>(`/api/igny8/sites/${encodeURIComponent(site)}/index`, { method: "POST", requestKey: null });
}

/** One line saying what the last index run did, in words. */
export function describeRun(job: IndexJob | null | undefined): string {
  if (!job) return "The site has not been indexed yet.";
  switch (job.status) {
    case "queued":
      return "Indexing is queued.";
    case "running":
      return job.progress > 0 ? `Indexing… ${Math.round(job.progress)} %` : "Indexing…";
    case "failed":
      return `The last indexing failed: ${job.error || "no reason was recorded"}.`;
    case "canceled":
      return "The last indexing was canceled.";
  }
  const r = job.result;
  if (!r) return "The last indexing finished.";
  const via = r.source === "sitemap" ? " from the sitemap" + (r.restRefused ? ` (${r.restRefused})` : "") : "";
  const changes = [r.added && `${r.added} new`, r.updated && `${r.updated} changed`, r.removed && `${r.removed} gone`].filter(Boolean).join(", ");
  return `The last indexing read ${r.listed} posts and pages${via}: ${changes || "nothing changed"}${r.more ? "; the rest follows in the next run" : ""}.`;
}
