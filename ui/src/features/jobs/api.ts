// The Jobs page's server calls: the workspace's jobs page by page (newest first) and
// the cancel/retry routes (docs/API.md "Jobs and credits").
import { pb } from "@/lib/pb";
import type { Job } from "@/lib/types";

export interface JobsPage {
  items: Job[];
  totalItems: number;
}

export const jobsKey = (tenant: string, status: string, page: number) => [tenant, "jobs", "page", status, page] as const;

const FIELDS = "id,collectionId,collectionName,tenant,site,type,target_collection,target,status,progress,step,error,errors,attempts,max_attempts,credits,started,finished,created,updated";

export async function listJobs(tenant: string, status: string, page: number, perPage: number, signal?: AbortSignal): Promise<JobsPage> {
  const filter = status ? pb.filter("tenant = {:t} && status = {:s}", { t: tenant, s: status }) : pb.filter("tenant = {:t}", { t: tenant });
  const res = await pb.collection("jobs").getList<Job>(page, perPage, { filter, sort: "-created,id", fields: FIELDS, signal, requestKey: null });
  return { items: res.items, totalItems: res.totalItems };
}

export function cancelJob(id: string) {
  return pb.send<Job>(`/api/igny8/jobs/${encodeURIComponent(id)}/cancel`, { method: "POST", requestKey: null });
}

export function retryJob(id: string) {
  return pb.send<Job>(`/api/igny8/jobs/${encodeURIComponent(id)}/retry`, { method: "POST", requestKey: null });
}
