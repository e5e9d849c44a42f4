// The keywords table's filters, each one a URL value (shareable, survives reload). Text
// and number fields apply when the user pauses typing; "/" focuses the search.
import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Search, X } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Input, Select } from "@/components/ui/Input";
import { useKeybind } from "@/hooks/useKeybind";
import { clusterOptions, plannerKeys } from "./api";
import { CLUSTER_NONE, intents, isFiltered, keywordStatuses, type KeywordFilter } from "./filter";

export const sources = [
  { value: "paste", label: "Pasted" },
  { value: "import:semrush", label: "Semrush" },
  { value: "import:ahrefs", label: "Ahrefs" },
  { value: "import:google_keyword_planner", label: "Keyword Planner" },
  { value: "import:generic", label: "Other file" },
];

/** A text value applied 300 ms after the last keystroke. */
function useDebounced(value: string, apply: (v: string) => void) {
  const [draft, setDraft] = useState(value);
  const applied = useRef(value);
  useEffect(() => {
    if (value !== applied.current) {
      applied.current = value;
      setDraft(value);
    }
  }, [value]);
  useEffect(() => {
    if (draft === applied.current) return;
    const t = setTimeout(() => {
      applied.current = draft;
      apply(draft);
    }, 300);
    return () => clearTimeout(t);
  }, [draft, apply]);
  return [draft, setDraft] as const;
}

function num(v: string): number | undefined {
  if (v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function KeywordFilters({ tenant, site, filter, onChange }: { tenant: string; site: string; filter: KeywordFilter; onChange: (f: KeywordFilter) => void }) {
  const searchRef = useRef<HTMLInputElement>(null);
  useKeybind("/", () => searchRef.current?.focus());
  const set = (patch: Partial<KeywordFilter>) => onChange({ ...filter, ...patch });
  const latest = useRef(filter);
  latest.current = filter;
  const [search, setSearch] = useDebounced(filter.search ?? "", (v) => onChange({ ...latest.current, search: v || undefined }));
  const clusters = useQuery({ queryKey: plannerKeys.clusterOptions(tenant, site), queryFn: ({ signal }) => clusterOptions(tenant, site, signal), staleTime: 30_000 });
  const range = (key: "volumeMin" | "volumeMax" | "kdMin" | "kdMax", label: string) => (
    <label className="flex flex-col gap-1 text-xs font-medium text-gray-700 dark:text-gray-300">
      {label}
      <RangeInput value={filter[key]} onCommit={(v) => onChange({ ...latest.current, [key]: v })} />
    </label>
  );
  return (
    <section aria-label="Filters" className="mb-4 rounded-xl border border-gray-200 bg-white p-3 dark:border-gray-800 dark:bg-gray-900">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8">
        <label className="col-span-2 flex flex-col gap-1 text-xs font-medium text-gray-700 dark:text-gray-300">
          Search
          <span className="relative">
            <Search className="pointer-events-none absolute top-3 left-3 size-4 text-gray-500" aria-hidden="true" />
            <Input ref={searchRef} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search keywords  ( / )" className="pl-9" />
          </span>
        </label>
        {range("volumeMin", "Volume from")}
        {range("volumeMax", "Volume to")}
        {range("kdMin", "KD from")}
        {range("kdMax", "KD to")}
        <label className="flex flex-col gap-1 text-xs font-medium text-gray-700 dark:text-gray-300">
          Intent
          <Select value={filter.intent ?? ""} onChange={(e) => set({ intent: e.target.value || undefined })}>
            <option value="">Any</option>
            {intents.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-gray-700 dark:text-gray-300">
          Status
          <Select value={filter.status ?? ""} onChange={(e) => set({ status: e.target.value || undefined })}>
            <option value="">Any</option>
            {keywordStatuses.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </Select>
        </label>
        <label className="col-span-2 flex flex-col gap-1 text-xs font-medium text-gray-700 dark:text-gray-300 md:col-span-1 xl:col-span-2">
          Cluster
          <Select value={filter.cluster ?? ""} onChange={(e) => set({ cluster: e.target.value || undefined })}>
            <option value="">Any</option>
            <option value={CLUSTER_NONE}>In no cluster</option>
            {filter.cluster && filter.cluster !== CLUSTER_NONE && !clusters.data?.some((c) => c.id === filter.cluster) && <option value={filter.cluster}>The chosen cluster</option>}
            {(clusters.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.keyword_count})
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-gray-700 dark:text-gray-300">
          Source
          <Select value={filter.source ?? ""} onChange={(e) => set({ source: e.target.value || undefined })}>
            <option value="">Any</option>
            {filter.source && !sources.some((s) => s.value === filter.source) && <option value={filter.source}>{filter.source}</option>}
            {sources.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </label>
        {isFiltered(filter) && (
          <div className="flex items-end">
            <Button variant="ghost" onClick={() => onChange({ site: filter.site })}>
              <X className="size-4" aria-hidden="true" />
              Clear filters
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}

function RangeInput({ value, onCommit }: { value: number | undefined; onCommit: (v: number | undefined) => void }) {
  const [draft, setDraft] = useDebounced(value === undefined ? "" : String(value), (v) => onCommit(num(v)));
  return <Input type="number" inputMode="numeric" min={0} value={draft} onChange={(e) => setDraft(e.target.value)} />;
}
