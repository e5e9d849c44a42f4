// A site's automation schedules (the schedules collection: one row per site and type).
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

export interface ScheduleResult {
  at?: string;
  window?: string;
  job?: string;
  enqueued?: number;
  error?: string;
  manual?: boolean;
}

export interface Schedule extends BaseRecord {
  tenant: string;
  site: string;
  type: string;
  spec: string;
  enabled: boolean;
  batch_size: number;
  next_run: string;
  last_run: string;
  last_result: ScheduleResult | null;
}

export const schedulesKey = (t: string, site: string) => [t, "sites", "schedules", site] as const;

/** The pipeline's order; unknown types (a module's new schedule) come last. */
const order = ["clustering", "ideas", "writing", "images", "publishing", "linking"];
const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);

export async function listSchedules(tenant: string, site: string, signal?: AbortSignal) {
  const items = await pb.collection("schedules").getFullList<Schedule>({ filter: pb.filter("tenant = {:t} && site = {:s}", { t: tenant, s: site }), sort: "type,id", signal, requestKey: null });
  return items.sort((a, b) => rank(a.type) - rank(b.type));
}

export function updateSchedule(id: string, patch: Partial<Pick<Schedule, "enabled" | "spec" | "batch_size">>) {
  return pb.collection("schedules").update<Schedule>(id, patch, { requestKey: null });
}

const names: Record<string, string> = {
  clustering: "Cluster new keywords",
  ideas: "Generate ideas",
  writing: "Write articles",
  images: "Generate images",
  publishing: "Publish to WordPress",
  optimizer: "Scan for posts to refresh",
  linking: "Suggest and insert internal links",
};

export function scheduleName(type: string) {
  return names[type] ?? type;
}

export function runScheduleNow(id: string) {
  return pb.send<{ job: string; status: string; created: boolean }>(`/api/igny8/schedules/${encodeURIComponent(id)}/run`, { method: "POST", requestKey: null });
}
