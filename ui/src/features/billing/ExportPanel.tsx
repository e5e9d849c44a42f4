// Export the workspace: one zip of its keywords and clusters (CSV) and its articles
// (HTML and Markdown with their images), built by a job. Offered on the Billing page
// to suspended workspaces and by the delete-workspace flow (export first). Admins and
// owners only: the server refuses others and they see why.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, PackageOpen } from "lucide-react";
import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Spinner } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { PageError } from "@/components/States";
import { describeError } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { Job } from "@/lib/types";
import { useCollectionEvents, useRecordEvents, useResync } from "@/realtime/useRealtime";
import { exportDownloadURL, exportKeys, listExports, startExport, type ExportRecord, type ExportStatus } from "./exportApi";

const statusText: Record<ExportStatus, string> = { queued: "Queued", running: "Building", ready: "Ready", failed: "Failed" };
const statusTone: Record<ExportStatus, Tone> = { queued: "gray", running: "brand", ready: "green", failed: "red" };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** The export panel; canExport is whether the user is an admin or owner of the workspace. */
export function ExportPanel({ tenant, canExport, title = "Export the workspace" }: { tenant: string; canExport: boolean; title?: string }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery({ queryKey: exportKeys.list(tenant), queryFn: ({ signal }) => listExports(tenant, signal), enabled: canExport });
  const refresh = () => void qc.invalidateQueries({ queryKey: exportKeys.all(tenant) });
  useCollectionEvents<ExportRecord>("exports", canExport ? tenant : undefined, refresh);
  useResync(refresh);
  const active = q.data?.find((e) => e.status === "queued" || e.status === "running");

  async function start() {
    setBusy(true);
    try {
      const r = await startExport(tenant);
      toast.success(r.existing ? "An export is already being built" : "Export started", { body: "The zip appears here when it is ready." });
      refresh();
    } catch (err) {
      const p = describeError(err);
      toast.error(p.title, { body: p.hint });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="export-title" data-testid="export-panel" className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="export-title" className="text-base font-semibold">
            {title}
          </h2>
          <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
            One zip with the keywords and clusters as CSV and every article as HTML and Markdown with its images. It stays downloadable for 7 days.
          </p>
        </div>
        {canExport && (
          <Button onClick={() => void start()} disabled={busy || !!active}>
            <PackageOpen className="size-4" aria-hidden="true" />
            {active ? "Export running…" : "Export workspace"}
          </Button>
        )}
      </div>
      {!canExport ? (
        <p className="mt-3 text-sm text-gray-700 dark:text-gray-300">Only admins and owners of the workspace can export it.</p>
      ) : q.isPending ? (
        <p className="mt-3 flex items-center gap-2 text-sm text-gray-600 dark:text-gray-400" role="status" aria-label="Loading exports">
          <Spinner /> Loading exports…
        </p>
      ) : q.isError ? (
        <div className="mt-3">
          <PageError error={q.error} onRetry={() => void q.refetch()} />
        </div>
      ) : q.data.length === 0 ? (
        <p className="mt-3 text-sm text-gray-600 dark:text-gray-400">No export yet. Export the workspace to get a zip of everything in it.</p>
      ) : (
        <ul className="mt-3 divide-y divide-gray-100 dark:divide-gray-800" aria-label="Exports">
          {q.data.map((e) => (
            <ExportRow key={e.id} rec={e} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExportRow({ rec }: { rec: ExportRecord }) {
  const [step, setStep] = useState("");
  useRecordEvents<Job>("jobs", rec.status === "queued" || rec.status === "running" ? rec.job : undefined, (e) => setStep(e.record.step));
  async function download() {
    try {
      window.location.assign(await exportDownloadURL(rec));
    } catch (err) {
      toast.error(describeError(err).title);
    }
  }
  const c = rec.counts;
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="export-row" data-status={rec.status}>
      <div className="min-w-0">
        <Badge tone={statusTone[rec.status]}>{statusText[rec.status]}</Badge> <span className="text-gray-700 dark:text-gray-300">{formatDateTime(rec.created)}</span>
        {rec.status === "ready" && c && (
          <p className="text-xs text-gray-600 dark:text-gray-400">
            {formatNumber(c.keywords)} keywords, {formatNumber(c.clusters)} clusters, {formatNumber(c.articles)} articles, {formatNumber(c.images)} images ·{" "}
            {formatBytes(rec.size)} · until {formatDateTime(rec.expires)}
          </p>
        )}
        {(rec.status === "queued" || rec.status === "running") && (
          <p className="flex items-center gap-2 text-xs text-gray-600 dark:text-gray-400">
            <Spinner /> {step || "Waiting for a worker"}
          </p>
        )}
        {rec.status === "failed" && <p className="text-xs text-red-700 dark:text-red-400">The export failed. Try again; if it keeps failing, tell your operator.</p>}
      </div>
      {rec.status === "ready" && rec.file && (
        <Button variant="secondary" size="sm" onClick={() => void download()}>
          <Download className="size-4" aria-hidden="true" /> Download zip
        </Button>
      )}
    </li>
  );
}
