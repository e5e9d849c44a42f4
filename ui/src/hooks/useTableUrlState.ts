// Table state (page, per page, sort, filters) kept in the URL's query string, so a
// filtered page can be shared, reloaded and navigated back to.
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

export interface TableUrlState {
  page: number;
  perPage: number;
  /** PocketBase sort, e.g. "-volume" or "keyword". */
  sort: string;
  filters: Record<string, string>;
}

export function useTableUrlState(opts: { defaultSort?: string; defaultPerPage?: number; filterKeys?: string[] } = {}) {
  const [params, setParams] = useSearchParams();
  const filterKeys = opts.filterKeys ?? [];
  const state: TableUrlState = useMemo(() => {
    const filters: Record<string, string> = {};
    for (const k of filterKeys) {
      const v = params.get(k);
      if (v) filters[k] = v;
    }
    return {
      page: Math.max(1, Number(params.get("page")) || 1),
      perPage: Math.min(500, Math.max(5, Number(params.get("perPage")) || opts.defaultPerPage || 50)),
      sort: params.get("sort") ?? opts.defaultSort ?? "-created",
      filters,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params, filterKeys.join(","), opts.defaultSort, opts.defaultPerPage]);

  const update = useCallback(
    (patch: Partial<Omit<TableUrlState, "filters">> & { filters?: Record<string, string | undefined> }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (patch.page !== undefined) next.set("page", String(patch.page));
          if (patch.perPage !== undefined) next.set("perPage", String(patch.perPage));
          if (patch.sort !== undefined) next.set("sort", patch.sort);
          if (patch.filters) {
            for (const [k, v] of Object.entries(patch.filters)) {
              if (v) next.set(k, v);
              else next.delete(k);
            }
            if (patch.page === undefined) next.delete("page"); // a new filter starts on page 1
          }
          if (next.get("page") === "1") next.delete("page");
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [state, update] as const;
}
