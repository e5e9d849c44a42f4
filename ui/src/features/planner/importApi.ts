// The import wizard's server calls (docs/API.md "Planner": /import/preview and /import).
// The file goes to the server as is; the browser never reads its rows.
import { pb } from "@/lib/pb";
import type { ImportResult } from "./api";

/** field → header of the file. */
export type Mapping = Record<string, string>;

export interface FieldInfo {
  field: string;
  header: string;
  kind: "key" | "keyword" | "figure" | "text" | string;
}

export interface PreviewRow {
  row: number;
  cells: string[];
  values?: Record<string, unknown>;
  error?: string;
}

export interface TablePreview {
  table?: string;
  source: string;
  encoding: string;
  delimiter?: string;
  headerRow: number;
  header: string[];
  columns: Record<string, string>;
  fields: FieldInfo[];
  unmapped: string[];
  preview: PreviewRow[];
  rows: number;
  rejected: number;
  duplicates: number;
  rejectedRows: { row: number; reason: string }[];
}

export interface Preview {
  format: string;
  source: string;
  keywords?: TablePreview;
}

function form(site: string, file: File, mapping: Mapping, extra: Record<string, string> = {}) {
  const f = new FormData();
  f.append("site", site);
  f.append("file", file);
  const m = Object.fromEntries(Object.entries(mapping).filter(([, h]) => h));
  if (Object.keys(m).length > 0) f.append("mapping", JSON.stringify(m));
  for (const [k, v] of Object.entries(extra)) f.append(k, v);
  return f;
}

export function previewImport(site: string, file: File, mapping: Mapping, signal?: AbortSignal) {
  return pb.send<Preview>("/api/igny8/planner/import/preview", { method: "POST", body: form(site, file, mapping), signal, requestKey: null });
}

export type ImportAnswer = { kind: "job"; job: string } | { kind: "done"; result: ImportResult };

/** Imports the file with the mapping; a large file comes back as a job to watch. */
export async function importFile(site: string, file: File, mapping: Mapping): Promise<ImportAnswer> {
  const res = await pb.send<ImportResult & { job?: string }>("/api/igny8/planner/import", { method: "POST", body: form(site, file, mapping), requestKey: null });
  return res.job ? { kind: "job", job: res.job } : { kind: "done", result: res };
}
