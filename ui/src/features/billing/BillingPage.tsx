// Billing: the plan and usage (users, sites, credits against the plan's limits), plan
// changes through Stripe Checkout, the Customer Portal, top-up credit packs, the credit
// ledger (filters in the URL, CSV from the server) and invoices. The workspace record's
// realtime updates refetch the summary, so a plan the webhook changes shows at once.
// Without Stripe (self-hosted) the page says so and shows the ledger.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { CreditCard, ExternalLink, FileDown, Receipt } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Progress } from "@/components/ui/Progress";
import { Skeleton } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useRecordEvents, useResync } from "@/realtime/useRealtime";
import { describeError } from "@/lib/errors";
import { formatDate, formatDateTime, formatNumber } from "@/lib/format";
import type { Tenant } from "@/lib/types";
import {
  billingKeys,
  checkout,
  downloadLedgerCSV,
  getSummary,
  LEDGER_PAGE,
  listInvoices,
  listLedger,
  listPlans,
  portal,
  type LedgerEntry,
  type LedgerFilter,
  type LedgerKind,
  type Summary,
} from "./api";
import { ExportPanel } from "./ExportPanel";

const statusLabel: Record<Summary["status"], string> = { trialing: "Trial", active: "Active", past_due: "Payment failed", suspended: "Suspended" };
const statusTone = { trialing: "brand", active: "green", past_due: "amber", suspended: "red" } as const;

function Card({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Sends the browser to a Stripe page the server opened (Checkout or the portal). */
async function goTo(open: () => Promise<{ url: string }>) {
  try {
    const { url } = await open();
    window.location.assign(url);
  } catch (err) {
    const p = describeError(err);
    toast.error(p.title, { body: p.hint });
  }
}

export function BillingPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const isOwner = useCan("owner");
  const isAdmin = useCan("admin");
  const [params, setParams] = useSearchParams();
  const summary = useQuery({ queryKey: billingKeys.summary(ws.id), queryFn: ({ signal }) => getSummary(ws.id, signal) });
  // A webhook that changes the plan, status or credits updates the workspace record.
  useRecordEvents<Tenant>("tenants", ws.id, () => void qc.invalidateQueries({ queryKey: billingKeys.all(ws.id) }));
  useResync(() => void qc.invalidateQueries({ queryKey: billingKeys.all(ws.id) }));
  const returned = params.get("checkout");

  return (
    <>
      <PageHeader
        title="Billing"
        description="Your plan, credits and payments."
        actions={
          isOwner &&
          summary.data?.stripe && (
            <Button variant="secondary" onClick={() => void goTo(() => portal(ws.id))}>
              <CreditCard className="size-4" aria-hidden="true" /> Manage payment and invoices
            </Button>
          )
        }
      />
      {returned && (
        <div role="status" data-testid="checkout-return" className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-gray-200 bg-white p-3 text-sm dark:border-gray-800 dark:bg-gray-900">
          <span>
            {returned === "success"
              ? "Thank you: the payment went through. The plan and credits below update as soon as Stripe confirms it."
              : "Checkout was canceled: nothing was charged."}
          </span>
          <Button
            variant="ghost"
            size="sm"
            onClick={() =>
              setParams((p) => {
                const n = new URLSearchParams(p);
                n.delete("checkout");
                n.delete("session_id");
                return n;
              })
            }
          >
            Dismiss
          </Button>
        </div>
      )}
      {summary.isPending ? (
        <PageLoading label="Loading billing" />
      ) : summary.isError ? (
        <PageError error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <div className="grid gap-4">
          {!summary.data.stripe && (
            <div role="note" data-testid="no-stripe" className="rounded-lg border border-gray-200 bg-gray-50 p-3 text-sm text-gray-800 dark:border-gray-800 dark:bg-gray-900 dark:text-gray-200">
              Payments are not set up on this igny8 (a self-hosted install without Stripe). Your operator changes plans and grants credits; the ledger below shows every credit movement.
            </div>
          )}
          <PlanCard s={summary.data} />
          {summary.data.status === "suspended" && <ExportPanel tenant={ws.id} canExport={isAdmin} title="Export before anything else" />}
          {summary.data.stripe && isOwner && <ChangePlan s={summary.data} tenant={ws.id} />}
          {summary.data.stripe && isOwner && <Packs s={summary.data} tenant={ws.id} />}
          <Ledger tenant={ws.id} />
          {summary.data.stripe && isOwner && <Invoices tenant={ws.id} />}
          {!isOwner && summary.data.stripe && <p className="text-sm text-gray-600 dark:text-gray-400">Only the workspace's owners change the plan, buy credits and see invoices.</p>}
        </div>
      )}
    </>
  );
}

function Usage({ label, used, max }: { label: string; used: number; max: number }) {
  const unlimited = !max;
  return (
    <div>
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums" data-testid={`usage-${label.toLowerCase()}`}>
          {formatNumber(used)} {unlimited ? "" : `/ ${formatNumber(max)}`}
        </span>
      </div>
      {!unlimited && <Progress value={(used / max) * 100} label={`${label}: ${used} of ${max}`} className="mt-1" />}
    </div>
  );
}

function PlanCard({ s }: { s: Summary }) {
  return (
    <Card title="Plan and usage" id="plan-title">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <p className="text-2xl font-semibold" data-testid="plan-name">
          {s.plan.name}
        </p>
        <Badge tone={statusTone[s.status]}>{statusLabel[s.status]}</Badge>
        <p className="text-sm text-gray-600 dark:text-gray-400">
          {s.plan.priceUsd ? `$${s.plan.priceUsd} / month` : "no charge"} · {formatNumber(s.plan.monthlyCredits)} credits a month
          {s.paidThrough ? ` · paid through ${formatDate(s.paidThrough)}` : ""}
        </p>
      </div>
      {s.status === "past_due" && s.suspendsAt && (
        <p className="mt-2 text-sm text-amber-900 dark:text-amber-200">The last payment failed. Update the card before {formatDateTime(s.suspendsAt)} or the workspace becomes read-only.</p>
      )}
      {s.status === "suspended" && <p className="mt-2 text-sm text-red-800 dark:text-red-300">The workspace is suspended and read-only until it is paid. Nothing is deleted; you can export everything.</p>}
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <Usage label="Users" used={s.fit.usage.users} max={s.plan.maxUsers} />
        <Usage label="Sites" used={s.fit.usage.sites} max={s.plan.maxSites} />
        <div>
          <div className="flex justify-between text-sm">
            <span>Credits</span>
            <span className="tabular-nums" data-testid="credits-total">
              {formatNumber(s.balance.total)}
            </span>
          </div>
          <Progress value={s.plan.monthlyCredits ? (s.balance.plan / s.plan.monthlyCredits) * 100 : 0} label={`Plan credits: ${s.balance.plan} of ${s.plan.monthlyCredits}`} className="mt-1" />
          <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">
            {formatNumber(s.balance.plan)} plan credits{s.creditsResetAt ? ` (renew ${formatDate(s.creditsResetAt)})` : ""} + {formatNumber(s.balance.topup)} top-up (never expire)
          </p>
        </div>
      </div>
      {!s.fit.fits && s.fit.advice && <p className="mt-3 text-sm text-amber-900 dark:text-amber-200">{s.fit.advice}</p>}
      {s.aiCaps?.paused && <p className="mt-3 text-sm text-amber-900 dark:text-amber-200">{s.aiCaps.paused}</p>}
    </Card>
  );
}

function ChangePlan({ s, tenant }: { s: Summary; tenant: string }) {
  const plans = useQuery({ queryKey: billingKeys.plans(), queryFn: ({ signal }) => listPlans(signal), staleTime: 300_000 });
  return (
    <Card title="Change plan" id="change-plan-title">
      {plans.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : plans.isError ? (
        <PageError error={plans.error} onRetry={() => void plans.refetch()} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {plans.data.map((p) => {
            const current = p.code === s.plan.code;
            return (
              <li key={p.id} className="flex flex-col rounded-lg border border-gray-200 p-3 dark:border-gray-800" data-testid={`plan-${p.code}`}>
                <p className="font-semibold">{p.name}</p>
                <p className="text-sm text-gray-700 dark:text-gray-300">${p.price_usd} / month</p>
                <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">
                  {formatNumber(p.monthly_credits)} credits · {p.max_users} users · {p.max_sites} sites
                </p>
                <div className="mt-3">
                  {current && s.subscribed ? (
                    <Badge tone="green">Current plan</Badge>
                  ) : (
                    <Button size="sm" variant={current ? "secondary" : "primary"} onClick={() => void goTo(() => checkout(tenant, { plan: p.code }))}>
                      {current ? `Pay for ${p.name}` : `Switch to ${p.name}`}
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-3 text-xs text-gray-600 dark:text-gray-400">You pay on Stripe's page; the change shows here once Stripe confirms it. A smaller plan deletes nothing: over its limits only additions are refused.</p>
    </Card>
  );
}

function Packs({ s, tenant }: { s: Summary; tenant: string }) {
  return (
    <Card title="Buy credits" id="packs-title">
      <ul className="flex flex-wrap gap-3">
        {s.packs.map((p) => (
          <li key={p.code}>
            <Button variant="secondary" onClick={() => void goTo(() => checkout(tenant, { pack: p.code }))}>
              Buy {p.name} for ${p.priceUsd}
            </Button>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-gray-600 dark:text-gray-400">Top-up credits never expire and are spent after the plan's monthly credits.</p>
    </Card>
  );
}

const kinds: LedgerKind[] = ["grant", "reserve", "commit", "refund", "topup", "adjust"];
const kindText: Record<LedgerKind, string> = { grant: "Plan grant", reserve: "Reserved", commit: "Spent", refund: "Refunded", topup: "Top-up", adjust: "Adjustment" };

function Ledger({ tenant }: { tenant: string }) {
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const f: LedgerFilter = { kind: (params.get("kind") as LedgerKind) || "", from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const page = Math.max(1, Number(params.get("page")) || 1);
  const q = useQuery({ queryKey: billingKeys.ledger(tenant, f, page), queryFn: ({ signal }) => listLedger(tenant, f, page, signal), placeholderData: (prev) => prev });
  useCollectionEvents<LedgerEntry>("credit_ledger", tenant, () => void qc.invalidateQueries({ queryKey: [tenant, "billing", "ledger"] }));
  const set = (patch: Record<string, string>) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      for (const [k, v] of Object.entries(patch)) {
        if (v) n.set(k, v);
        else n.delete(k);
      }
      return n;
    });
  const [csvBusy, setCsvBusy] = useState(false);
  const inputCls = "h-10 rounded-lg border border-gray-300 bg-white px-2 text-sm dark:border-gray-700 dark:bg-gray-950";
  return (
    <Card title="Credit ledger" id="ledger-title">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm">
          Kind
          <select className={inputCls} value={f.kind} onChange={(e) => set({ kind: e.target.value, page: "" })}>
            <option value="">All</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindText[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm">
          From
          <input type="date" className={inputCls} value={f.from} onChange={(e) => set({ from: e.target.value, page: "" })} />
        </label>
        <label className="grid gap-1 text-sm">
          To
          <input type="date" className={inputCls} value={f.to} onChange={(e) => set({ to: e.target.value, page: "" })} />
        </label>
        <Button
          variant="secondary"
          disabled={csvBusy}
          onClick={async () => {
            setCsvBusy(true);
            try {
              await downloadLedgerCSV(tenant, f);
            } catch (err) {
              toast.error(describeError(err).title);
            } finally {
              setCsvBusy(false);
            }
          }}
        >
          <FileDown className="size-4" aria-hidden="true" /> Download CSV
        </Button>
      </div>
      {q.isPending ? (
        <div role="status" aria-label="Loading the ledger" className="grid gap-2">
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-2/3" />
        </div>
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState
          icon={<Receipt className="size-8" aria-hidden="true" />}
          title={f.kind || f.from || f.to ? "No entry matches these filters" : "No credit movement yet"}
          body={f.kind || f.from || f.to ? "Clear the filters to see every entry." : "Credits granted, spent and bought appear here."}
          action={
            (f.kind || f.from || f.to) && (
              <Button variant="secondary" onClick={() => set({ kind: "", from: "", to: "", page: "" })}>
                Clear filters
              </Button>
            )
          }
        />
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="ledger">
              <caption className="sr-only">Credit ledger, newest first</caption>
              <thead className="text-left text-xs text-gray-600 uppercase dark:text-gray-400">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    Date
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Kind
                  </th>
                  <th scope="col" className="px-2 py-2 text-right">
                    Credits
                  </th>
                  <th scope="col" className="hidden px-2 py-2 text-right sm:table-cell">
                    Balance after
                  </th>
                  <th scope="col" className="hidden px-2 py-2 md:table-cell">
                    Note
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
                {q.data.items.map((e) => (
                  <tr key={e.id} data-testid="ledger-row">
                    <td className="px-2 py-2 whitespace-nowrap">{formatDateTime(e.created)}</td>
                    <td className="px-2 py-2">{kindText[e.kind] ?? e.kind}</td>
                    <td className={"px-2 py-2 text-right tabular-nums " + (e.delta < 0 ? "text-red-700 dark:text-red-400" : "text-green-800 dark:text-green-400")}>
                      {e.delta > 0 ? "+" : ""}
                      {formatNumber(e.delta)}
                    </td>
                    <td className="hidden px-2 py-2 text-right tabular-nums sm:table-cell">{formatNumber(e.balance_after)}</td>
                    <td className="hidden max-w-xs truncate px-2 py-2 md:table-cell" title={e.note}>
                      {e.note}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex items-center justify-between text-sm">
            <span className="text-gray-600 dark:text-gray-400">
              Page {page} of {Math.max(1, q.data.totalPages)} · {formatNumber(q.data.totalItems)} entries
            </span>
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => set({ page: String(page - 1) })}>
                Previous
              </Button>
              <Button variant="secondary" size="sm" disabled={page >= q.data.totalPages || q.data.items.length < LEDGER_PAGE} onClick={() => set({ page: String(page + 1) })}>
                Next
              </Button>
            </div>
          </div>
        </>
      )}
    </Card>
  );
}

function Invoices({ tenant }: { tenant: string }) {
  const q = useQuery({ queryKey: billingKeys.invoices(tenant), queryFn: ({ signal }) => listInvoices(tenant, signal) });
  const money = (cents: number, cur: string) => new Intl.NumberFormat(undefined, { style: "currency", currency: cur.toUpperCase() || "USD" }).format(cents / 100);
  return (
    <Card title="Invoices" id="invoices-title">
      {q.isPending ? (
        <div role="status" aria-label="Loading invoices" className="grid gap-2">
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-2/3" />
        </div>
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No invoice yet" body="Invoices of your subscription and credit packs appear here once you pay." />
      ) : (
        <ul className="divide-y divide-gray-100 text-sm dark:divide-gray-800">
          {q.data.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="invoice-row">
              <span>
                {i.number || i.id} · {formatDate(new Date(i.created * 1000).toISOString())} · {money(i.total, i.currency)} <Badge tone={i.status === "paid" ? "green" : "amber"}>{i.status}</Badge>
              </span>
              {i.hostedUrl && (
                <a className="inline-flex items-center gap-1 text-brand-700 underline-offset-2 hover:underline dark:text-brand-300" href={i.hostedUrl} target="_blank" rel="noreferrer">
                  View invoice {i.number} <ExternalLink className="size-3.5" aria-hidden="true" />
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
