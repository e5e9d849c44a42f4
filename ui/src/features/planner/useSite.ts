// The site the Planner pages work on, kept in the URL (?site=) like the filters: the
// first site of the workspace when none is chosen.
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { listSites, plannerKeys } from "./api";

export function useSites(tenant: string) {
  return useQuery({ queryKey: plannerKeys.sites(tenant), queryFn: ({ signal }) => listSites(tenant, signal), staleTime: 30_000 });
}

export function useSite(tenant: string) {
  const sites = useSites(tenant);
  const [params, setParams] = useSearchParams();
  const wanted = params.get("site") ?? "";
  const list = sites.data ?? [];
  const site = list.find((s) => s.id === wanted) ?? list[0];
  const choose = (id: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set("site", id);
        next.delete("page");
        return next;
      },
      { replace: true },
    );
  return { sites, site, choose };
}
