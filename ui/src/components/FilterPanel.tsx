// Filters of a list, bound to the URL (useTableUrlState): text search (debounced,
// the field "/" focuses), selects and min–max ranges. The page turns the values
// into a PocketBase filter with pb.filter(...) in its api.ts.
import { useEffect, useState } from "react";
import { X } from "lucide-react";
import { Input, Select } from "./ui/Input";
import { Button } from "./ui/Button";

export type FilterDef =
  | { type: "search"; key: string; label: string; placeholder?: string }
  | { type: "select"; key: string; label: string; options: { value: string; label: string }[] }
  | { type: "range"; key: string; label: string; min?: number; max?: number };

export interface FilterPanelProps {
  filters: FilterDef[];
  values: Record<string, string>;
  onChange: (patch: Record<string, string | undefined>) => void;
}

/** Range filters are kept as `<key>Min` and `<key>Max` in the URL. */
export function filterKeys(defs: FilterDef[]): string[] {
  return defs.flatMap((d) => (d.type === "range" ? [`${d.key}Min`, `${d.key}Max`] : [d.key]));
}

function SearchBox({ def, value, onChange }: { def: Extract<FilterDef, { type: "search" }>; value: string; onChange: (v: string | undefined) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text.trim() || undefined), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return (
    <Input
      type="search"
      data-search
      aria-label={def.label}
      aria-keyshortcuts="/"
      placeholder={def.placeholder ?? `${def.label} (press /)`}
      value={text}
      onChange={(e) => setText(e.target.value)}
      className="w-full sm:w-64"
    />
  );
}

export function FilterPanel({ filters, values, onChange }: FilterPanelProps) {
  const active = filterKeys(filters).some((k) => values[k]);
  return (
    <div role="search" aria-label="Filters" className="mb-4 flex flex-wrap items-end gap-3">
      {filters.map((f) => {
        if (f.type === "search") return <SearchBox key={f.key} def={f} value={values[f.key] ?? ""} onChange={(v) => onChange({ [f.key]: v })} />;
        if (f.type === "select")
          return (
            <Select key={f.key} aria-label={f.label} value={values[f.key] ?? ""} onChange={(e) => onChange({ [f.key]: e.target.value || undefined })} className="w-full sm:w-44">
              <option value="">{`${f.label}: any`}</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          );
        return (
          <fieldset key={f.key} className="flex items-center gap-1">
            <legend className="sr-only">{f.label}</legend>
            <Input
              type="number"
              inputMode="numeric"
              aria-label={`${f.label} from`}
              placeholder={`${f.label} min`}
              min={f.min}
              max={f.max}
              value={values[`${f.key}Min`] ?? ""}
              onChange={(e) => onChange({ [`${f.key}Min`]: e.target.value || undefined })}
              className="w-28"
            />
            <span aria-hidden="true">–</span>
            <Input
              type="number"
              inputMode="numeric"
              aria-label={`${f.label} to`}
              placeholder="max"
              min={f.min}
              max={f.max}
              value={values[`${f.key}Max`] ?? ""}
              onChange={(e) => onChange({ [`${f.key}Max`]: e.target.value || undefined })}
              className="w-24"
            />
          </fieldset>
        );
      })}
      {active && (
        <Button variant="ghost" size="sm" onClick={() => onChange(Object.fromEntries(filterKeys(filters).map((k) => [k, undefined])))}>
          <X className="size-4" aria-hidden="true" /> Clear filters
        </Button>
      )}
    </div>
  );
}
