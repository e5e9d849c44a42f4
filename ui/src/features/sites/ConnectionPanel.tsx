// The site's connection: how it is connected and the last connection check as a
// checklist, each item with its fix.
import { CheckCircle2, CircleDashed, AlertTriangle, XCircle } from "lucide-react";
import { EmptyState } from "@/components/States";
import { formatDateTime } from "@/lib/format";
import type { CheckItem, CheckStatus, SiteRecord } from "./api";
import { Section } from "./Section";

const icons: Record<CheckStatus, { icon: typeof CheckCircle2; cls: string; label: string }> = {
  pass: { icon: CheckCircle2, cls: "text-green-700 dark:text-green-400", label: "Passed" },
  warn: { icon: AlertTriangle, cls: "text-amber-700 dark:text-amber-400", label: "Warning" },
  fail: { icon: XCircle, cls: "text-red-700 dark:text-red-400", label: "Failed" },
  skip: { icon: CircleDashed, cls: "text-gray-500 dark:text-gray-400", label: "Skipped" },
};

export function ConnectionPanel({ site }: { site: SiteRecord }) {
  const checks = site.last_check_result?.checks ?? [];
  return (
    <Section
      id="site-connection"
      title="Connection"
      description={site.transport === "bridge" ? "Through the igny8 Bridge plugin." : site.transport === "rest" ? "Through WordPress's REST API with an Application Password." : "Not connected to WordPress yet."}
    >
      {checks.length === 0 ? (
        <EmptyState title="No connection check yet" body="Connect the site, then check the connection: each problem is named with its fix." />
      ) : (
        <>
          <p className="mb-2 text-xs text-gray-600 dark:text-gray-400">Checked {formatDateTime(site.last_check)}</p>
          <Checklist checks={checks} />
        </>
      )}
    </Section>
  );
}

export function Checklist({ checks }: { checks: CheckItem[] }) {
  return (
    <ul className="space-y-2" aria-label="Connection check">
      {checks.map((c) => {
        const s = icons[c.status] ?? icons.skip;
        const Icon = s.icon;
        return (
          <li key={c.id} className="flex gap-2" data-testid="check-item" data-status={c.status} data-check={c.id}>
            <Icon className={`mt-0.5 size-4 shrink-0 ${s.cls}`} aria-hidden="true" />
            <div className="min-w-0 text-sm">
              <p>
                <span className="sr-only">{s.label}: </span>
                <span className="break-words">{c.detail || c.id}</span>
              </p>
              {c.fix && c.status !== "pass" && <p className="mt-0.5 break-words text-gray-700 dark:text-gray-300">Fix: {c.fix}</p>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
