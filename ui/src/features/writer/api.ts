// The Writer's server calls: query keys (every one starts with the workspace id) and
// fetchers taking the query's AbortSignal. Tasks are paged on the server like the
// keywords (skipTotal, the count its own query); an article's versions, images and
// publishing go through igny8's own routes (docs/API.md "Writer", "WordPress").
import { pb } from "@/lib/pb";
import type { BaseRecord, Job } from "@/lib/types";

export type TaskStatus = "queued" | "in_progress" | "done" | "failed" | "canceled" | "";

export interface Task extends BaseRecord {
  tenant: string;
  site: string;
  idea: string;
  cluster: string;
  title: string;
  keywords: unknown;
  word_count_target: number;
  content_type: string;
  structure: string;
  status: TaskStatus;
  error: string;
}

export type EditorialStatus = "draft" | "review" | "approved" | "published" | "";
export type PublishStatus = "not_published" | "scheduled" | "publishing" | "published" | "failed" | "";

export interface Slot {
  index: number;
  heading: string;
  anchor: string;
}

export interface Content extends BaseRecord {
  tenant: string;
  site: string;
  task: string;
  version: number;
  title: string;
  slug: string;
  html: string;
  meta_title: string;
  meta_description: string;
  word_count: number;
  reading_minutes: number;
  status: EditorialStatus;
  publish_status: PublishStatus;
  scheduled_at: string;
  published_at: string;
  wp_post_id: number;
  wp_url: string;
  wp_status: string;
  /** The version WordPress holds (set by each publish and each pulled edit). */
  wp_version: number;
  publish_error: string;
  image_slots: Slot[] | null;
  model: string;
  /** Set while the post was edited in WordPress beside an unpublished igny8 edit. */
  wp_conflict?: ConflictInfo | null;
}

export interface ConflictInfo {
  version: number;
  post_id: number;
  wp_modified: string;
  detected_at: string;
  igny8_version: number;
}

export interface ConflictSide {
  version: number;
  source?: string;
  title: string;
  slug: string;
  html: string;
}

export type ConflictView = { conflict: null } | { conflict: ConflictInfo; igny8: ConflictSide; wordpress: ConflictSide };

export interface Image extends BaseRecord {
  tenant: string;
  site: string;
  content: string;
  kind: "featured" | "in_article";
  prompt: string;
  file: string;
  alt: string;
  position: number;
  status: "pending" | "generating" | "ready" | "failed" | "";
  width: number;
  height: number;
  slot: number;
  error: string;
  model: string;
}

export interface VersionSummary {
  version: number;
  source: string;
  title: string;
  word_count: number;
  author: string;
  model: string;
  created: string;
}

export interface Version extends BaseRecord {
  content: string;
  version: number;
  source: string;
  title: string;
  slug: string;
  html: string;
  meta_title: string;
  meta_description: string;
  word_count: number;
}

export interface TaskFilter {
  site?: string;
  search?: string;
  status?: string;
  cluster?: string;
}

export const writerKeys = {
  all: (t: string) => [t, "writer"] as const,
  tasks: (t: string, f: TaskFilter, page: number, perPage: number, sort: string) => [t, "writer", "tasks", "page", f, page, perPage, sort] as const,
  taskCount: (t: string, f: TaskFilter) => [t, "writer", "tasks", "count", f] as const,
  taskContents: (t: string, ids: string[]) => [t, "writer", "tasks", "contents", ids] as const,
  taskJobs: (t: string, ids: string[]) => [t, "writer", "tasks", "jobs", ids] as const,
  content: (t: string, id: string) => [t, "writer", "content", id] as const,
  task: (t: string, id: string) => [t, "writer", "task", id] as const,
  versions: (t: string, id: string) => [t, "writer", "content", id, "versions"] as const,
  version: (t: string, id: string, v: number) => [t, "writer", "content", id, "version", v] as const,
  images: (t: string, id: string) => [t, "writer", "content", id, "images"] as const,
  contentJobs: (t: string, id: string) => [t, "writer", "content", id, "jobs"] as const,
  site: (t: string, id: string) => [t, "writer", "site", id] as const,
  conflict: (t: string, id: string) => [t, "writer", "content", id, "conflict"] as const,
  conflicts: (t: string, site: string) => [t, "writer", "tasks", "conflicts", site] as const,
};

export const taskStatuses = ["queued", "in_progress", "done", "failed", "canceled"] as const;

/** The PocketBase filter of f within tenant. */
export function buildTaskFilter(tenant: string, f: TaskFilter): string {
  const parts = ["tenant = {:tenant}"];
  const params: Record<string, string> = { tenant };
  if (f.site) {
    parts.push("site = {:site}");
    params.site = f.site;
  }
  const q = f.search?.trim();
  if (q) {
    parts.push("title ~ {:search}");
    params.search = q;
  }
  if (f.status) {
    parts.push("status = {:status}");
    params.status = f.status;
  }
  if (f.cluster) {
    parts.push("cluster = {:cluster}");
    params.cluster = f.cluster;
  }
  return pb.filter(parts.join(" && "), params);
}

export type TaskRow = Task & { expand?: { cluster?: { id: string; name: string } } };

const TASK_FIELDS = "id,collectionId,collectionName,tenant,site,idea,cluster,title,keywords,word_count_target,content_type,structure,status,error,created,updated";

export async function listTasks(tenant: string, f: TaskFilter, page: number, perPage: number, sort: string, signal?: AbortSignal) {
  const res = await pb.collection("tasks").getList<TaskRow>(page, perPage, {
    filter: buildTaskFilter(tenant, f),
    sort: sort ? `${sort},id` : "-created,id",
    fields: TASK_FIELDS + ",expand.cluster.id,expand.cluster.name",
    expand: "cluster",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

export async function countTasks(tenant: string, f: TaskFilter, signal?: AbortSignal) {
  const res = await pb.collection("tasks").getList(1, 1, { filter: buildTaskFilter(tenant, f), fields: "id", signal, requestKey: null });
  return res.totalItems;
}

/** The contents of the listed tasks (one per task; the newest wins), by task id. */
export async function contentsOfTasks(tenant: string, ids: string[], signal?: AbortSignal) {
  if (ids.length === 0) return {} as Record<string, Pick<Content, "id" | "task" | "word_count" | "status" | "publish_status" | "wp_url" | "wp_conflict">>;
  const params: Record<string, string> = { t: tenant };
  const ors = ids.map((id, i) => {
    params[`k${i}`] = id;
    return `task = {:k${i}}`;
  });
  const list = await pb.collection("contents").getFullList<Content>({
    filter: pb.filter(`tenant = {:t} && (${ors.join(" || ")})`, params),
    fields: "id,task,word_count,status,publish_status,wp_url,wp_conflict,created",
    sort: "created",
    signal,
    requestKey: null,
  });
  return Object.fromEntries(list.map((c) => [c.task, c]));
}

/** The queued or running jobs aimed at the listed records (tasks, a content, its images). */
export async function activeJobsFor(tenant: string, targets: string[], signal?: AbortSignal) {
  if (targets.length === 0) return [] as Job[];
  const params: Record<string, string> = { t: tenant };
  const ors = targets.map((id, i) => {
    params[`k${i}`] = id;
    return `target = {:k${i}}`;
  });
  return pb.collection("jobs").getFullList<Job>({
    filter: pb.filter(`tenant = {:t} && (status = 'queued' || status = 'running') && (${ors.join(" || ")})`, params),
    fields: "id,type,target,target_collection,status,progress,step,error,created,updated",
    signal,
    requestKey: null,
  });
}

export function generateTasks(ids: string[]) {
  return pb.send<{ items: { task: string; job: string; created: boolean }[]; credits: number }>("/api/igny8/writer/tasks/generate", {
    method: "POST",
    body: { ids },
    requestKey: null,
  });
}

export function getContent(id: string, signal?: AbortSignal) {
  return pb.collection("contents").getOne<Content>(id, { signal, requestKey: null });
}

export function getTask(id: string, signal?: AbortSignal) {
  return pb.collection("tasks").getOne<Task>(id, { signal, requestKey: null });
}

export function updateContent(id: string, patch: Partial<Pick<Content, "title" | "slug" | "html" | "meta_title" | "meta_description">>) {
  return pb.collection("contents").update<Content>(id, patch, { requestKey: null });
}

export async function listVersions(id: string, signal?: AbortSignal) {
  return pb.send<{ content: string; current: number; items: VersionSummary[] }>(`/api/igny8/writer/contents/${encodeURIComponent(id)}/versions`, { signal, requestKey: null });
}

export function getVersion(id: string, v: number, signal?: AbortSignal) {
  return pb.send<Version>(`/api/igny8/writer/contents/${encodeURIComponent(id)}/versions/${v}`, { signal, requestKey: null });
}

export function restoreVersion(id: string, v: number) {
  return pb.send<Content>(`/api/igny8/writer/contents/${encodeURIComponent(id)}/versions/${v}/restore`, { method: "POST", requestKey: null });
}

export function setEditorialStatus(id: string, status: EditorialStatus) {
  return pb.send<{ id: string; status: string; from: string; version: number }>(`/api/igny8/writer/contents/${encodeURIComponent(id)}/status`, {
    method: "POST",
    body: { status },
    requestKey: null,
  });
}

export function listImages(tenant: string, content: string, signal?: AbortSignal) {
  return pb.collection("images").getFullList<Image>({
    filter: pb.filter("tenant = {:t} && content = {:c}", { t: tenant, c: content }),
    sort: "kind,position,id",
    signal,
    requestKey: null,
  });
}

export function requestImages(content: string, featured: boolean, count: number) {
  return pb.send<{ jobs: string[]; credits: number }>(`/api/igny8/writer/contents/${encodeURIComponent(content)}/images`, {
    method: "POST",
    body: { featured, count },
    requestKey: null,
  });
}

export function editImage(id: string, patch: { alt?: string; slot?: number }) {
  return pb.send<Image>(`/api/igny8/writer/images/${encodeURIComponent(id)}`, { method: "PATCH", body: patch, requestKey: null });
}

export function deleteImage(id: string) {
  return pb.send<{ removed: boolean }>(`/api/igny8/writer/images/${encodeURIComponent(id)}`, { method: "DELETE", requestKey: null });
}

export function regenerateImage(id: string, prompt?: string) {
  return pb.send<{ job: string; created: boolean; credits: number }>(`/api/igny8/writer/images/${encodeURIComponent(id)}/regenerate`, {
    method: "POST",
    body: prompt === undefined ? {} : { prompt },
    requestKey: null,
  });
}

export type PublishBody = { now: true } | { scheduled_local: string };

export function publishContent(id: string, body: PublishBody) {
  return pb.send<{ job: string; status: string; scheduled_at?: string; timezone?: string }>(`/api/igny8/contents/${encodeURIComponent(id)}/publish`, {
    method: "POST",
    body,
    requestKey: null,
  });
}

export interface SiteInfo extends BaseRecord {
  name: string;
  url: string;
  status: string;
  timezone: string;
  wp_settings: { timezone?: string; categories?: { id: number; name: string }[] } | null;
}

export function getSite(id: string, signal?: AbortSignal) {
  return pb.collection("sites").getOne<SiteInfo>(id, { fields: "id,collectionId,collectionName,name,url,status,timezone,wp_settings,created,updated", signal, requestKey: null });
}

/** The image's file URL with a file token (images are protected files). */
export function imageURL(img: Pick<Image, "id" | "collectionId" | "collectionName" | "file">, token: string, thumb?: string) {
  if (!img.file) return "";
  return pb.files.getURL(img as unknown as { id: string; collectionId: string; collectionName: string }, img.file, { token, ...(thumb ? { thumb } : {}) });
}

export function fileToken(signal?: AbortSignal) {
  return pb.files.getToken({ signal, requestKey: null });
}

/** Both sides of a content's conflict with WordPress, or {conflict: null}. */
export function getConflict(id: string, signal?: AbortSignal) {
  return pb.send<ConflictView>(`/api/igny8/contents/${encodeURIComponent(id)}/conflict`, { signal, requestKey: null });
}

export function resolveConflict(id: string, keep: "igny8" | "wordpress") {
  return pb.send<{ keep: string; version: number; wp_version: number }>(`/api/igny8/contents/${encodeURIComponent(id)}/conflict`, { method: "POST", body: { keep }, requestKey: null });
}

/** The site's contents edited in WordPress beside an unpublished igny8 edit (a few, newest first). */
export async function listConflicts(tenant: string, site: string, signal?: AbortSignal) {
  const res = await pb.collection("contents").getList<Pick<Content, "id" | "title" | "wp_conflict">>(1, 20, {
    filter: pb.filter("tenant = {:t} && site = {:s} && wp_conflict.version > 0", { t: tenant, s: site }),
    fields: "id,title,wp_conflict",
    sort: "-updated",
    signal,
    requestKey: null,
  });
  return res;
}
