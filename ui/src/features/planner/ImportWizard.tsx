// Planner → Import: upload a keyword export, let the server detect vendor, encoding and
// columns and show 20 rows as it would read them with each rejected row's reason, fix
// the column mapping, then import — a large file as a job whose progress shows live.
// The browser never parses the file: every figure here comes from the server.
import { useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { CheckCircle2, FileUp } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Select } from "@/components/ui/Input";
import { Progress } from "@/components/ui/Progress";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useRecordEvents } from "@/realtime/useRealtime";
import { describeError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";
import { pb } from "@/lib/pb";
import type { Job } from "@/lib/types";
import { NoSite, SitePicker } from "./SitePicker";
import { useSite } from "./useSite";
import { importFile, previewImport, type ImportAnswer, type Mapping, type TablePreview } from "./importApi";

const fieldLabels: Record<string, string> = {
  keyword: "Keyword",
  volume: "Search volume",
  difficulty: "Keyword difficulty",
  cpc: "CPC",
  intent: "Intent",
  country: "Country",
  language: "Language",
  clicks: "Clicks",
  impressions: "Impressions",
  ctr: "CTR",
  position: "Position",
  page: "Page",
};

const vendorNames: Record<string, string> = {
  semrush: "Semrush",
  ahrefs: "Ahrefs",
  google_keyword_planner: "Google Keyword Planner",
  search_console: "Google Search Console",
  generic: "a spreadsheet",
};

/** The mapping the table shows now: the server's detection with the user's changes on top. */
export function effectiveMapping(t: TablePreview, changes: Mapping): Mapping {
  const m: Mapping = {};
  for (const f of t.fields) if (f.header) m[f.field] = f.header;
  for (const [f, h] of Object.entries(changes)) {
    if (h) m[f] = h;
    else delete m[f];
  }
  return m;
}

export function ImportWizard() {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const { sites, site, choose } = useSite(ws.id);
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [changes, setChanges] = useState<Mapping>({});
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const preview = useQuery({
    queryKey: [ws.id, "planner", "import", "preview", site?.id, file?.name, file?.size, file?.lastModified, changes],
    queryFn: ({ signal }) => previewImport(site!.id, file!, changes, signal),
    enabled: !!site && !!file && canEdit,
    retry: false,
    staleTime: Infinity,
  });
  const table = preview.data?.keywords;
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: () => importFile(site!.id, file!, table ? effectiveMapping(table, changes) : changes),
    onSuccess: (a) => {
      setAnswer(a);
      // the keywords pages were not mounted to hear the import's realtime message
      if (a.kind === "done") void qc.invalidateQueries({ queryKey: [ws.id, "planner", "keywords"] });
      if (a.kind === "done") toast.success(`${formatNumber(a.result.imported)} keywords imported`, { body: `${formatNumber(a.result.updated)} updated, ${formatNumber(a.result.rejected)} rejected.` });
    },
    onError: (err) => {
      const p = describeError(err);
      toast.error(p.fields.file ?? p.title, { body: p.hint });
    },
  });

  if (sites.isPending) return <PageLoading />;
  if (sites.isError) return <PageError error={sites.error} onRetry={() => void sites.refetch()} />;
  if (!site) {
    return (
      <>
        <PageHeader title="Import keywords" />
        <NoSite tenant={ws.id} />
      </>
    );
  }
  if (!canEdit) {
    return (
      <>
        <PageHeader title="Import keywords" />
        <p className="text-sm">Your role in this workspace reads keywords; an editor, admin or owner imports them.</p>
      </>
    );
  }
  const restart = () => {
    setFile(null);
    setChanges({});
    setAnswer(null);
    if (fileRef.current) fileRef.current.value = "";
  };
  const step = answer ? 3 : file ? 2 : 1;
  return (
    <>
      <PageHeader title="Import keywords" description={`Into ${site.name}. CSV or TSV exports of Semrush, Ahrefs, Google Keyword Planner or any sheet with a keyword column.`} actions={<SitePicker sites={sites.data ?? []} value={site.id} onChange={choose} />} />
      <ol className="mb-6 flex flex-wrap gap-4 text-sm" aria-label="Steps">
        {["Choose a file", "Check the columns", "Import"].map((s, i) => (
          <li key={s} aria-current={step === i + 1 ? "step" : undefined} className={step === i + 1 ? "font-semibold text-brand-700 dark:text-brand-300" : "text-gray-600 dark:text-gray-400"}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>

      {step === 1 && (
        <div className="rounded-xl border-2 border-dashed border-gray-300 bg-white p-8 text-center dark:border-gray-700 dark:bg-gray-900">
          <FileUp className="mx-auto size-8 text-gray-500" aria-hidden="true" />
          <label htmlFor="import-file" className="mt-3 block font-medium">
            Choose the export file
          </label>
          <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">Up to 128 MB; the server reads it, nothing is imported until you confirm.</p>
          <input
            ref={fileRef}
            id="import-file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,.zip,text/csv,text/tab-separated-values"
            className="mx-auto mt-4 block text-sm"
            onChange={(e) => {
              setChanges({});
              setFile(e.target.files?.[0] ?? null);
            }}
          />
        </div>
      )}

      {step === 2 && file && (
        <section aria-label="Columns and preview" className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm">
              <span className="font-medium break-all">{file.name}</span> · {formatNumber(Math.ceil(file.size / 1024))} KB
            </p>
            <Button variant="ghost" onClick={restart}>
              Choose another file
            </Button>
          </div>
          {preview.isPending ? (
            <PageLoading label="Reading the file" />
          ) : preview.isError ? (
            <ImportProblem error={preview.error} onRetry={() => void preview.refetch()} />
          ) : !table ? (
            <p role="alert" className="text-sm">
              The file has no keyword table the importer can read.
            </p>
          ) : (
            <>
              <Detected t={table} />
              <MappingTable t={table} changes={changes} onChange={(field, header) => setChanges((c) => ({ ...c, [field]: header }))} />
              <PreviewRows t={table} />
              <div className="flex flex-wrap items-center gap-3">
                <Button loading={run.isPending} disabled={preview.isFetching} onClick={() => run.mutate()}>
                  Import {formatNumber(table.rows - table.rejected)} keyword{table.rows - table.rejected === 1 ? "" : "s"}
                </Button>
                <p className="text-sm text-gray-700 dark:text-gray-300">Importing is free; keywords already on the site get the file's figures.</p>
              </div>
            </>
          )}
        </section>
      )}

      {step === 3 && answer && <ImportOutcome answer={answer} slug={ws.slug} site={site.id} onAgain={restart} />}
    </>
  );
}

function Detected({ t }: { t: TablePreview }) {
  return (
    <div className="flex flex-wrap gap-2 text-sm" data-testid="import-detected">
      <Badge tone="brand">From {vendorNames[t.source] ?? t.source}</Badge>
      <Badge>{t.encoding}</Badge>
      {t.delimiter && <Badge>{t.delimiter === "\t" ? "tab-separated" : `“${t.delimiter}”-separated`}</Badge>}
      <Badge>
        {formatNumber(t.rows)} row{t.rows === 1 ? "" : "s"}
      </Badge>
      {t.rejected > 0 && <Badge tone="red">{formatNumber(t.rejected)} will be rejected</Badge>}
      {t.duplicates > 0 && <Badge tone="amber">{formatNumber(t.duplicates)} duplicates</Badge>}
    </div>
  );
}

function MappingTable({ t, changes, onChange }: { t: TablePreview; changes: Mapping; onChange: (field: string, header: string) => void }) {
  const m = effectiveMapping(t, changes);
  return (
    <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <table className="w-full text-sm" aria-label="Column mapping">
        <thead className="text-left text-xs text-gray-600 uppercase dark:text-gray-400">
          <tr>
            <th scope="col" className="px-4 py-2">
              igny8 field
            </th>
            <th scope="col" className="px-4 py-2">
              Column in the file
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
          {t.fields.map((f) => {
            const id = `map-${f.field}`;
            return (
              <tr key={f.field}>
                <th scope="row" className="px-4 py-2 text-left font-medium">
                  <label htmlFor={id}>{fieldLabels[f.field] ?? f.field}</label>
                  {f.kind === "key" && <span className="ml-1 text-xs text-gray-600 dark:text-gray-400">(required)</span>}
                </th>
                <td className="px-4 py-2">
                  <Select id={id} className="max-w-xs" value={m[f.field] ?? ""} onChange={(e) => onChange(f.field, e.target.value)}>
                    <option value="">Not in the file</option>
                    {t.header.map((h, i) => (
                      <option key={`${h}-${i}`} value={h}>
                        {h}
                      </option>
                    ))}
                  </Select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {t.unmapped.length > 0 && <p className="px-4 py-2 text-xs text-gray-600 dark:text-gray-400">Columns not imported: {t.unmapped.join(", ")}</p>}
    </div>
  );
}

function PreviewRows({ t }: { t: TablePreview }) {
  const fields = t.fields.filter((f) => f.header || t.preview.some((r) => r.values && f.field in r.values));
  return (
    <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <table className="w-full min-w-[36rem] text-sm" aria-label={`The first ${t.preview.length} rows as they will be imported`}>
        <caption className="px-4 py-2 text-left text-sm font-medium">The first {t.preview.length} rows as they will be imported</caption>
        <thead className="text-left text-xs text-gray-600 uppercase dark:text-gray-400">
          <tr>
            <th scope="col" className="px-3 py-2">
              Row
            </th>
            {fields.map((f) => (
              <th key={f.field} scope="col" className="px-3 py-2">
                {fieldLabels[f.field] ?? f.field}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
          {t.preview.map((r) => (
            <tr key={r.row} className={r.error ? "bg-red-50 dark:bg-red-950/40" : undefined} data-testid="preview-row">
              <td className="px-3 py-2 tabular-nums">{r.row}</td>
              {r.error ? (
                <td colSpan={fields.length} className="px-3 py-2 text-red-800 dark:text-red-300">
                  Rejected: {r.error}
                </td>
              ) : (
                fields.map((f) => (
                  <td key={f.field} className="px-3 py-2 break-words">
                    {r.values && r.values[f.field] !== undefined && r.values[f.field] !== null ? String(r.values[f.field]) : "—"}
                  </td>
                ))
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {t.rejected > 0 && (
        <details className="px-4 py-2 text-sm">
          <summary className="cursor-pointer font-medium">All {formatNumber(t.rejected)} rejected rows</summary>
          <ul className="mt-1 max-h-48 overflow-y-auto text-xs">
            {t.rejectedRows.map((r) => (
              <li key={r.row}>
                Row {r.row}: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ImportProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const p = describeError(error);
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950/40">
      <p className="font-medium text-red-900 dark:text-red-200">{p.fields.file ?? p.title}</p>
      <p className="mt-1 text-red-800 dark:text-red-300">{p.hint ?? "Check that the file is a CSV or TSV export with a header row naming a keyword column, or map the keyword column."}</p>
      <Button variant="secondary" className="mt-3" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

function ImportOutcome({ answer, slug, site, onAgain }: { answer: ImportAnswer; slug: string; site: string; onAgain: () => void }) {
  const navigate = useNavigate();
  if (answer.kind === "job") return <ImportJob id={answer.job} slug={slug} site={site} onAgain={onAgain} />;
  const r = answer.result;
  return (
    <div className="rounded-xl border border-gray-200 bg-white p-6 dark:border-gray-800 dark:bg-gray-900" role="status">
      <CheckCircle2 className="size-8 text-green-700" aria-hidden="true" />
      <p className="mt-2 text-base font-semibold">
        {formatNumber(r.imported)} keyword{r.imported === 1 ? "" : "s"} imported
      </p>
      <p className="text-sm text-gray-700 dark:text-gray-300">
        {formatNumber(r.updated)} already there and updated · {formatNumber(r.duplicates)} duplicates in the file · {formatNumber(r.rejected)} rejected
      </p>
      <div className="mt-4 flex gap-2">
        <Button onClick={() => navigate(`/t/${slug}/planner/keywords?site=${site}`)}>See the keywords</Button>
        <Button variant="secondary" onClick={onAgain}>
          Import another file
        </Button>
      </div>
    </div>
  );
}

/** A large import runs as a job: its progress and outcome, live through realtime. */
function ImportJob({ id, slug, site, onAgain }: { id: string; slug: string; site: string; onAgain: () => void }) {
  const qc = useQueryClient();
  const key = ["import-job", id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => pb.collection("jobs").getOne<Job & { result?: Record<string, number> }>(id, { signal, requestKey: null }) });
  useRecordEvents<Job>("jobs", id, (e) => {
    qc.setQueryData<Job>(key, (cur) => (!cur || e.record.updated >= cur.updated ? e.record : cur));
    if (e.record.status === "succeeded") void qc.invalidateQueries({ queryKey: [e.record.tenant, "planner", "keywords"] });
  });
  const j = q.data;
  if (!j) return <PageLoading label="Starting the import" />;
  const res = (j as { result?: Record<string, number> }).result ?? {};
  return (
    <div className="rounded-xl border border-gray-200 bg-white p-6 dark:border-gray-800 dark:bg-gray-900" aria-live="polite">
      <p className="font-semibold">{j.status === "succeeded" ? "Import finished" : j.status === "failed" ? "The import failed" : "Importing…"}</p>
      {(j.status === "queued" || j.status === "running") && (
        <div className="mt-3 flex items-center gap-3">
          <Progress value={j.progress} label="Import progress" />
          <span className="text-sm tabular-nums">{Math.round(j.progress)}%</span>
        </div>
      )}
      {j.step && j.status === "running" && <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">{j.step}</p>}
      {j.status === "succeeded" && (
        <p className="mt-1 text-sm">
          {formatNumber(res.imported ?? 0)} imported · {formatNumber(res.updated ?? 0)} updated · {formatNumber(res.rejected ?? 0)} rejected
        </p>
      )}
      {j.status === "failed" && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{j.error}</p>}
      <div className="mt-4 flex flex-wrap gap-2">
        <Link className="inline-flex h-10 items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700" to={`/t/${slug}/planner/keywords?site=${site}`}>
          See the keywords
        </Link>
        <Button variant="secondary" onClick={onAgain}>
          Import another file
        </Button>
        <Link className="inline-flex h-10 items-center px-2 text-sm underline" to={`/t/${slug}/jobs`}>
          All jobs
        </Link>
      </div>
    </div>
  );
}
