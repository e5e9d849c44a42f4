// The Sites pages' server calls: query keys (each starts with the workspace id) and
// fetchers taking the query's AbortSignal. Sites are few per workspace (the plan's
// limit is at most a few dozen), so the list is one page.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

export type SiteStatus = "new" | "connected" | "degraded" | "error" | "disconnected" | "";
export type Transport = "rest" | "bridge" | "";
export type CheckStatus = "pass" | "warn" | "fail" | "skip";

/** One item of the connection check (POST /api/igny8/sites/{site}/check). */
export interface CheckItem {
  id: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface CheckReport {
  ok: boolean;
  checks: CheckItem[];
  rest_route?: string;
  plugin_version?: string;
  seo_plugin?: string;
  checked_at?: string;
}

export interface Term {
  id: number;
  name: string;
  slug?: string;
}

/** sites.wp_settings: what sync read from WordPress (wordpress.SiteSettings). */
export interface WpSettings {
  title?: string;
  timezone?: string;
  default_category?: number;
  default_post_status?: string;
  categories?: Term[];
  authors?: Term[];
  seo_plugin?: string;
  defaults_pushed?: boolean;
}

/** sites.defaults: the site's igny8 defaults. */
export interface SiteDefaults {
  post_status?: "draft" | "publish" | "pending" | "private";
  categories?: string[];
  author?: number;
  images_per_article?: number;
}

export interface SiteRecord extends BaseRecord {
  tenant: string;
  name: string;
  url: string;
  transport: Transport;
  wp_username: string;
  status: SiteStatus;
  last_check: string;
  last_check_result: CheckReport | null;
  last_sync: string;
  wp_settings: WpSettings | null;
  defaults: SiteDefaults | null;
}

export const sitesKeys = {
  all: (t: string) => [t, "sites"] as const,
  list: (t: string) => [t, "sites", "list"] as const,
  site: (t: string, id: string) => [t, "sites", "site", id] as const,
};

export function listSites(tenant: string, signal?: AbortSignal) {
  return pb.collection("sites").getFullList<SiteRecord>({ filter: pb.filter("tenant = {:t}", { t: tenant }), sort: "name,id", signal, requestKey: null });
}

export function getSite(id: string, signal?: AbortSignal) {
  return pb.collection("sites").getOne<SiteRecord>(id, { signal, requestKey: null });
}

export function createSite(tenant: string, name: string, url: string) {
  return pb.collection("sites").create<SiteRecord>({ tenant, name, url, status: "new" }, { requestKey: null });
}

export function updateSite(id: string, patch: Partial<Pick<SiteRecord, "name" | "url" | "defaults">>) {
  return pb.collection("sites").update<SiteRecord>(id, patch, { requestKey: null });
}

export function deleteSite(id: string) {
  return pb.collection("sites").delete(id, { requestKey: null });
}

/** PUT /api/igny8/sites/{site}/credentials: secrets go in, never come back. */
export function setCredentials(site: string, body: { transport?: "rest" | "bridge"; wp_username?: string; app_password?: string }) {
  return pb.send<{ id: string; transport: string; wp_username: string; app_password_set: boolean; bridge_secret_set: boolean }>(
    `/api/igny8/sites/${encodeURIComponent(site)}/credentials`,
    { method: "PUT", body, requestKey: null },
  );
}

export function checkSite(site: string) {
  return pb.send<CheckReport>(`/api/igny8/sites/${encodeURIComponent(site)}/check`, { method: "POST", requestKey: null });
}

export interface LinkToken {
  token: string;
  expires: string;
  instance: string;
  connect_url: string;
  settings_url: string;
}

export function linkToken(site: string, rotate = false) {
  return pb.send<LinkToken>(`/api/igny8/sites/${encodeURIComponent(site)}/link`, { method: "POST", body: { rotate }, requestKey: null });
}

export function confirmLinkCode(site: string, code: string) {
  return pb.send<{ linked: boolean }>(`/api/igny8/sites/${encodeURIComponent(site)}/link/confirm`, { method: "POST", body: { code }, requestKey: null });
}

export function syncSite(site: string) {
  return pb.send<{ job: string; status: string }>(`/api/igny8/sites/${encodeURIComponent(site)}/sync`, { method: "POST", requestKey: null });
}

/** The igny8 Bridge plugin's zip, built by this server from its embedded sources. */
export const pluginZipUrl = "/api/igny8/bridge/plugin.zip";
