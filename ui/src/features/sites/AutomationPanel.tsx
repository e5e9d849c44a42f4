// The site's automation: each schedule's cadence and batch size, whether it is on, its
// next run and its last result; admins turn it on or off, change cadence and batch,
// and run it now (the same job the scheduler queues; a second click joins the run).
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { FormModal } from "@/components/FormModal";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { describeError } from "@/lib/errors";
import { formatDateTime, formatNumber, formatRelative } from "@/lib/format";
import { toastError } from "@/features/planner/errors";
import type { SiteRecord } from "./api";
import { listSchedules, runScheduleNow, scheduleName, schedulesKey, updateSchedule, type Schedule } from "./schedulesApi";
import { Section } from "./Section";

/** "@every 6h" → "every 6 hours"; other specs read as they are. */
export function cadenceText(spec: string): string {
  const m = /^@every\s+(\d+)([hm])$/.exec(spec.trim());
  if (m) {
    const n = Number(m[1]);
    const unit = m[2] === "h" ? "hour" : "minute";
    return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
  }
  const named: Record<string, string> = { "@hourly": "every hour", "@daily": "every day", "@weekly": "every week", "@monthly": "every month" };
  return named[spec.trim()] ?? spec;
}

export function AutomationPanel({ site }: { site: SiteRecord }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const key = schedulesKey(ws.id, site.id);
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => listSchedules(ws.id, site.id, signal) });
  useCollectionEvents<Schedule>("schedules", ws.id, (e) => {
    if (e.record.site !== site.id) return;
    qc.setQueryData<Schedule[]>(key, (cur) => cur?.map((s) => (s.id === e.record.id && e.record.updated >= s.updated ? e.record : s)));
  });
  useResync(() => void qc.invalidateQueries({ queryKey: key }));
  return (
    <Section id="site-automation" title="Automation" description="Each step of the pipeline on its own cadence for this site; off until you turn it on.">
      {q.isPending ? (
        <PageLoading label="Loading schedules" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No schedules for this site" body="Schedules are made with the site; ask your operator if none are here." />
      ) : (
        <ul className="divide-y divide-gray-100 dark:divide-gray-800" aria-label="Schedules">
          {q.data.map((s) => (
            <li key={s.id} className="py-3 first:pt-0 last:pb-0">
              <ScheduleRow schedule={s} slug={ws.slug} queryKey={key} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function ScheduleRow({ schedule: s, slug, queryKey }: { schedule: Schedule; slug: string; queryKey: readonly unknown[] }) {
  const qc = useQueryClient();
  const canEdit = useCan("admin");
  const [editing, setEditing] = useState(false);
  // the switch moves at once (a refusal puts it back) and follows the stored value
  const [on, setOn] = useState(s.enabled);
  useEffect(() => setOn(s.enabled), [s.enabled]);
  const name = scheduleName(s.type);
  const put = (next: Schedule) => qc.setQueryData<Schedule[]>(queryKey, (cur) => cur?.map((x) => (x.id === next.id ? next : x)));
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => updateSchedule(s.id, { enabled }),
    onSuccess: (next) => {
      put(next);
      toast.success(`${name}: ${next.enabled ? "on" : "off"}`, { body: next.enabled ? `Next run ${formatDateTime(next.next_run)}.` : undefined });
    },
    onError: (err) => {
      setOn(s.enabled);
      toastError(err);
    },
  });
  const run = useMutation({
    mutationFn: () => runScheduleNow(s.id),
    onSuccess: (r) => {
      toast.success(r.created ? `${name}: run queued` : `${name}: already running`, { body: "Its result shows here when it is done." });
      void qc.invalidateQueries({ queryKey });
    },
    onError: toastError,
  });
  const r = s.last_result;
  const toggleId = `schedule-on-${s.id}`;
  return (
    <div data-testid="schedule-row" data-type={s.type} data-enabled={s.enabled}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">{name}</p>
        <div className="flex flex-wrap items-center gap-2">
          {canEdit ? (
            <label htmlFor={toggleId} className="flex items-center gap-2 text-sm">
              <input id={toggleId} type="checkbox" role="switch" className="size-4" checked={on} disabled={toggle.isPending} onChange={(e) => {
                  setOn(e.target.checked);
                  toggle.mutate(e.target.checked);
                }} aria-label={`${name} on`} />
              <span>{on ? "On" : "Off"}</span>
            </label>
          ) : (
            <Badge tone={s.enabled ? "green" : "gray"}>{s.enabled ? "On" : "Off"}</Badge>
          )}
          {canEdit && (
            <>
              <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Change cadence of ${name}`}>
                Change
              </Button>
              <Button size="sm" variant="secondary" loading={run.isPending} onClick={() => run.mutate()}>
                Run now<span className="sr-only">: {name}</span>
              </Button>
            </>
          )}
        </div>
      </div>
      <p className="mt-0.5 text-xs text-gray-600 dark:text-gray-400">
        {cadenceText(s.spec)} · up to {formatNumber(s.batch_size)} per run · next run {s.enabled && s.next_run ? formatDateTime(s.next_run) : "—"}
      </p>
      <p className="mt-0.5 text-xs" data-testid="schedule-result">
        {!r || !r.at ? (
          <span className="text-gray-600 dark:text-gray-400">Not run yet</span>
        ) : r.error ? (
          <span className="text-red-700 dark:text-red-400">
            Last run {formatRelative(r.at)} failed: {r.error}
          </span>
        ) : (
          <span className="text-gray-700 dark:text-gray-300">
            Last run {formatRelative(r.at)}
            {r.window === "manual" && " (run now)"}
            {typeof r.enqueued === "number" ? `: queued ${formatNumber(r.enqueued)} item${r.enqueued === 1 ? "" : "s"}` : ": running"}
            {r.job && (
              <>
                {" · "}
                <Link className="underline" to={`/t/${slug}/jobs`}>
                  jobs
                </Link>
              </>
            )}
          </span>
        )}
      </p>
      {editing && <CadenceDialog schedule={s} name={name} onClose={() => setEditing(false)} onSaved={put} />}
    </div>
  );
}

const presets = ["@every 1h", "@every 3h", "@every 6h", "@every 12h", "@daily", "@weekly"];

function CadenceDialog({ schedule: s, name, onClose, onSaved }: { schedule: Schedule; name: string; onClose: () => void; onSaved: (s: Schedule) => void }) {
  const [spec, setSpec] = useState(s.spec);
  const [batch, setBatch] = useState(String(s.batch_size));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const listId = `cadences-${s.id}`;
  return (
    <FormModal
      open
      onOpenChange={(o) => !o && onClose()}
      title={`${name}: cadence`}
      description="How often it runs and how many items one run queues. Each item costs its usual credits."
      submitLabel="Save cadence"
      onSubmit={async () => {
        const n = Number(batch);
        if (!Number.isInteger(n) || n < 1) {
          setErrors({ batch_size: "A whole number, 1 or more." });
          throw new Error("Batch size: a whole number, 1 or more.");
        }
        try {
          onSaved(await updateSchedule(s.id, { spec: spec.trim(), batch_size: n }));
          toast.success(`${name}: ${cadenceText(spec.trim())}, up to ${n} per run`);
        } catch (err) {
          setErrors(describeError(err).fields);
          throw err;
        }
      }}
    >
      <Field label="Cadence" hint="“@every 6h”, “@daily”, or five cron fields like “0 */3 * * *” (UTC)." error={errors.spec}>
        {(p) => <Input {...p} list={listId} value={spec} onChange={(e) => setSpec(e.target.value)} autoComplete="off" />}
      </Field>
      <datalist id={listId}>
        {presets.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <Field label="Batch size" error={errors.batch_size}>
        {(p) => <Input {...p} type="number" min={1} step={1} value={batch} onChange={(e) => setBatch(e.target.value)} className="w-28" />}
      </Field>
    </FormModal>
  );
}
