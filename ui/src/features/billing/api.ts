// The Billing page's server calls (docs/API.md "Billing (Stripe)"): query keys start
// with the workspace id; fetchers take the query's AbortSignal.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

export interface Pack {
  code: string;
  name: string;
  credits: number;
  /** whole dollars */
  priceUsd: number;
}

export interface Fit {
  plan: string;
  usage: { users: number; sites: number };
  maxUsers: number;
  maxSites: number;
  overUsers: number;
  overSites: number;
  fits: boolean;
  advice?: string;
}

/** GET /api/igny8/billing/workspaces/{tenant}/summary */
export interface Summary {
  stripe: boolean;
  plan: { code: string; name: string; priceUsd: number; monthlyCredits: number; maxUsers: number; maxSites: number };
  status: "trialing" | "active" | "past_due" | "suspended";
  subscribed: boolean;
  balance: { plan: number; topup: number; total: number };
  creditsResetAt: string | null;
  paidThrough: string | null;
  pastDueSince?: string;
  suspendsAt?: string;
  fit: Fit;
  packs: Pack[];
  aiCaps?: { paused?: string };
}

export interface Plan extends BaseRecord {
  code: string;
  name: string;
  price_usd: number;
  monthly_credits: number;
  max_users: number;
  max_sites: number;
  active: boolean;
  custom: boolean;
}

export interface Invoice {
  id: string;
  number: string;
  status: string;
  total: number;
  amountPaid: number;
  currency: string;
  created: number;
  hostedUrl: string;
  pdf: string;
}

export type LedgerKind = "grant" | "reserve" | "commit" | "refund" | "topup" | "adjust";

export interface LedgerEntry extends BaseRecord {
  tenant: string;
  delta: number;
  plan_delta: number;
  topup_delta: number;
  kind: LedgerKind;
  job: string;
  balance_after: number;
  note: string;
}

export interface LedgerFilter {
  kind?: LedgerKind | "";
  from?: string;
  to?: string;
}

export const billingKeys = {
  all: (t: string) => [t, "billing"] as const,
  summary: (t: string) => [t, "billing", "summary"] as const,
  plans: () => ["plans"] as const,
  invoices: (t: string) => [t, "billing", "invoices"] as const,
  ledger: (t: string, f: LedgerFilter, page: number) => [t, "billing", "ledger", f, page] as const,
};

const base = (t: string) => `/api/igny8/billing/workspaces/${encodeURIComponent(t)}`;

export function getSummary(tenant: string, signal?: AbortSignal) {
  return pb.send<Summary>(`${base(tenant)}/summary`, { signal, requestKey: null });
}

export function listPlans(signal?: AbortSignal) {
  return pb.collection("plans").getFullList<Plan>({ filter: "active = true && custom = false", sort: "price_usd", signal, requestKey: null });
}

export function listInvoices(tenant: string, signal?: AbortSignal) {
  return pb.send<{ items: Invoice[] }>(`${base(tenant)}/invoices`, { signal, requestKey: null }).then((r) => r.items);
}

export function checkout(tenant: string, body: { plan: string } | { pack: string }) {
  return pb.send<{ url: string; id: string }>(`${base(tenant)}/checkout`, { method: "POST", body, requestKey: null });
}

export function portal(tenant: string) {
  return pb.send<{ url: string }>(`${base(tenant)}/portal`, { method: "POST", requestKey: null });
}

/** The ledger filter as a PocketBase filter (the same one the CSV route applies). */
export function ledgerPbFilter(tenant: string, f: LedgerFilter): string {
  const parts = [pb.filter("tenant = {:t}", { t: tenant })];
  if (f.kind) parts.push(pb.filter("kind = {:k}", { k: f.kind }));
  if (f.from) parts.push(pb.filter("created >= {:from}", { from: `${f.from} 00:00:00.000Z` }));
  if (f.to) parts.push(pb.filter("created <= {:to}", { to: `${f.to} 23:59:59.999Z` }));
  return parts.join(" && ");
}

export const LEDGER_PAGE = 25;

export function listLedger(tenant: string, f: LedgerFilter, page: number, signal?: AbortSignal) {
  return pb.collection("credit_ledger").getList<LedgerEntry>(page, LEDGER_PAGE, { filter: ledgerPbFilter(tenant, f), sort: "-created,-id", signal, requestKey: null });
}

/** Downloads the filtered ledger from the server's CSV route (it needs the auth header, so through fetch). */
export async function downloadLedgerCSV(tenant: string, f: LedgerFilter) {
  const q = new URLSearchParams();
  if (f.kind) q.set("kind", f.kind);
  if (f.from) q.set("from", f.from);
  if (f.to) q.set("to", f.to);
  const r = await fetch(pb.buildURL(`${base(tenant)}/ledger.csv?${q}`), { headers: { Authorization: pb.authStore.token } });
  if (!r.ok) throw new Error(`The ledger export failed (${r.status}).`);
  const blob = await r.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `credit-ledger-${tenant}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
