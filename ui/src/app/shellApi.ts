// Server reads of the app shell: the workspace's credits and the jobs tray.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { pb } from "@/lib/pb";
import type { Job, Tenant } from "@/lib/types";
import { mergeNewest } from "@/realtime/realtime";
import { useCollectionEvents, useRecordEvents } from "@/realtime/useRealtime";

export const tenantKey = (tenant: string) => [tenant, "tenant"] as const;
export const trayKey = (tenant: string) => [tenant, "jobs", "tray"] as const;

export function useTenant(tenant: string) {
  const qc = useQueryClient();
  useRecordEvents<Tenant>("tenants", tenant, (e) => {
    if (e.action === "update") {
      qc.setQueryData<Tenant>(tenantKey(tenant), (cur) => (!cur || e.record.updated >= cur.updated ? e.record : cur));
    }
  });
  return useQuery({
    queryKey: tenantKey(tenant),
    queryFn: ({ signal }) => pb.collection("tenants").getOne<Tenant>(tenant, { signal, requestKey: null }),
  });
}

/** Jobs of the tray: every queued or running job plus the last finished ones. */
export const TRAY_SIZE = 15;

export function useTrayJobs(tenant: string) {
  const qc = useQueryClient();
  useCollectionEvents<Job>("jobs", tenant, (e) => {
    qc.setQueryData<Job[]>(trayKey(tenant), (cur) => (cur ? mergeNewest(cur, e).slice(0, TRAY_SIZE * 2) : cur));
  });
  return useQuery({
    queryKey: trayKey(tenant),
    queryFn: ({ signal }) =>
      pb
        .collection("jobs")
        .getList<Job>(1, TRAY_SIZE, {
          filter: pb.filter("tenant = {:t}", { t: tenant }),
          sort: "-updated",
          skipTotal: true,
          fields: "id,collectionId,collectionName,tenant,site,type,target_collection,target,status,progress,step,error,attempts,max_attempts,credits,started,finished,created,updated",
          signal,
          requestKey: null,
        })
        .then((r) => r.items),
  });
}
