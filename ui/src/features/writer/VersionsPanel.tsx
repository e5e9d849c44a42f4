// Version history: every change of the article's text is a version (generated,
// edited, restored, images). Pick one to see what changed against the current text,
// word by word, and restore it (which makes a new version: nothing is lost).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { PageError } from "@/components/States";
import { Skeleton } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { formatDateTime, formatNumber } from "@/lib/format";
import { getVersion, listVersions, restoreVersion, writerKeys, type Content } from "./api";
import { diffBlocks } from "./text";
import { DiffParts, UnchangedBlocks, del, ins } from "./Diff";

const sourceName: Record<string, string> = { generation: "Written by AI", edit: "Edited", restore: "Restored", reparse: "Reparsed", images: "Images changed", wordpress: "Edited in WordPress", refresh: "Refreshed by the Optimizer" };

export function VersionsPanel({ tenant, content, canEdit }: { tenant: string; content: Content; canEdit: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: [...writerKeys.versions(tenant, content.id), content.version], queryFn: ({ signal }) => listVersions(content.id, signal) });
  const [picked, setPicked] = useState<number | null>(null);
  const [confirm, setConfirm] = useState(false);
  const old = useQuery({ queryKey: writerKeys.version(tenant, content.id, picked ?? 0), queryFn: ({ signal }) => getVersion(content.id, picked!, signal), enabled: picked !== null });
  const restore = useMutation({
    mutationFn: (v: number) => restoreVersion(content.id, v),
    onSuccess: (c, v) => {
      toast.success(`Version ${v} restored`, { body: `It is now version ${c.version}; the text before it stays in the history.` });
      qc.setQueryData(writerKeys.content(tenant, content.id), c);
      void qc.invalidateQueries({ queryKey: writerKeys.content(tenant, content.id) });
      setPicked(null);
    },
  });

  if (list.isPending) return <Skeleton className="h-40 w-full" />;
  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
      <ol aria-label="Versions" className="space-y-1">
        {items.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              aria-pressed={picked === v.version}
              onClick={() => setPicked(v.version)}
              className="w-full rounded-lg border border-gray-200 p-2 text-left text-sm hover:bg-gray-50 aria-pressed:border-brand-600 aria-pressed:bg-brand-50 dark:border-gray-800 dark:hover:bg-gray-800 dark:aria-pressed:bg-gray-800"
            >
              <span className="font-medium">
                Version {v.version}
                {v.version === list.data.current ? " · current" : ""}
              </span>
              <span className="block text-gray-700 dark:text-gray-300">
                {sourceName[v.source] ?? v.source} · {formatNumber(v.word_count)} words
              </span>
              <span className="block text-xs text-gray-600 dark:text-gray-400">{formatDateTime(v.created)}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="min-w-0">
        {picked === null ? (
          <p className="text-sm text-gray-700 dark:text-gray-300">Choose a version to see what changed since, and restore it.</p>
        ) : old.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : old.isError ? (
          <PageError error={old.error} onRetry={() => void old.refetch()} />
        ) : (
          <div className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-semibold">
                Version {picked} → current (version {content.version})
              </h3>
              {canEdit && picked !== content.version && (
                <Button size="sm" onClick={() => setConfirm(true)}>
                  Restore version {picked}
                </Button>
              )}
            </div>
            <p className="text-xs text-gray-700 dark:text-gray-300">
              <del className={del}>Struck words</del> are in version {picked} only;{" "}
              <ins className={ins}>marked words</ins> are new since.
            </p>
            {old.data.title !== content.title && (
              <p className="text-sm">
                Title: <del className={del}>{old.data.title}</del> → <ins className={ins}>{content.title}</ins>
              </p>
            )}
            <div data-testid="version-diff" tabIndex={0} role="region" aria-label={`Changes from version ${picked} to the current text`} className="max-h-[60vh] overflow-auto rounded-xl border border-gray-200 p-3 text-sm leading-relaxed break-words dark:border-gray-800">
              {diffBlocks(old.data.html, content.html).map((b, i) =>
                b.kind === "same" ? (
                  <UnchangedBlocks key={i} lines={b.lines} />
                ) : (
                  <p key={i} className="my-1">
                    <DiffParts parts={b.parts} />
                  </p>
                ),
              )}
            </div>
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Restore version ${picked}?`}
        body="The article's text, title, slug and meta become those of that version. The current text stays in the history as a version of its own."
        confirmLabel={`Restore version ${picked}`}
        onConfirm={() => restore.mutateAsync(picked!)}
      />
    </div>
  );
}
