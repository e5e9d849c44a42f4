// The overlaps of one idea or article, live: the query, refetched when an overlap of
// the subject changes (the check stores or removes one, someone decides in another
// tab) and after a reconnect.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { listOverlaps, overlapKeys, overlapsOfMany, type Overlap, type Subject } from "./api";

export function useOverlaps(tenant: string, s: Subject, enabled = true) {
  const qc = useQueryClient();
  useCollectionEvents<Overlap>("overlaps", enabled ? tenant : undefined, (e) => {
    if (e.record[s.kind] === s.id) void qc.invalidateQueries({ queryKey: overlapKeys.of(tenant, s) });
  });
  useResync(() => void qc.invalidateQueries({ queryKey: overlapKeys.of(tenant, s) }));
  return useQuery({ queryKey: overlapKeys.of(tenant, s), queryFn: ({ signal }) => listOverlaps(tenant, s, signal), enabled: enabled && !!s.id });
}

/** The overlaps of a page of ideas or articles (one call), live like useOverlaps. */
export function useOverlapsOfMany(tenant: string, kind: Subject["kind"], ids: string[]) {
  const qc = useQueryClient();
  useCollectionEvents<Overlap>("overlaps", ids.length ? tenant : undefined, (e) => {
    if (ids.includes(e.record[kind])) void qc.invalidateQueries({ queryKey: overlapKeys.many(tenant, kind, ids) });
  });
  return useQuery({ queryKey: overlapKeys.many(tenant, kind, ids), queryFn: ({ signal }) => overlapsOfMany(tenant, kind, ids, signal), enabled: ids.length > 0 });
}
