// The workspace export's server calls (docs/API.md "Workspace export"): queue one,
// list the latest, download one with a file token.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

export type ExportStatus = "queued" | "running" | "ready" | "failed";

export interface ExportRecord extends BaseRecord {
  tenant: string;
  user: string;
  status: ExportStatus;
  file: string;
  size: number;
  counts: { keywords: number; clusters: number; articles: number; images: number } | null;
  job: string;
  error: string;
  expires: string;
}

export const exportKeys = {
  all: (t: string) => [t, "exports"] as const,
  list: (t: string) => [t, "exports", "list"] as const,
};

/** The workspace's latest exports (admins and owners read them; others get an empty list). */
export function listExports(tenant: string, signal?: AbortSignal) {
  return pb
    .collection("exports")
    .getList<ExportRecord>(1, 5, { filter: pb.filter("tenant = {:t}", { t: tenant }), sort: "-created", skipTotal: true, signal, requestKey: null })
    .then((r) => r.items);
}

export function startExport(tenant: string) {
  return pb.send<{ id: string; status: ExportStatus; job: string; existing: boolean }>(`/api/igny8/workspaces/${encodeURIComponent(tenant)}/export`, {
    method: "POST",
    requestKey: null,
  });
}

/** The protected file's download address, with a short-lived file token. */
export async function exportDownloadURL(rec: ExportRecord): Promise<string> {
  const token = await pb.files.getToken({ requestKey: null });
  return pb.files.getURL(rec, rec.file, { token, download: true });
}
