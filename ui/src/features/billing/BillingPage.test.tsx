import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { WorkspaceContext } from "@/hooks/useWorkspace";
import type { Workspace } from "@/lib/types";
import type { Summary } from "./api";

vi.mock("@/realtime/useRealtime", () => ({ useCollectionEvents: () => {}, useRecordEvents: () => {}, useResync: () => {}, useTopic: () => {} }));

const summary: Summary = {
  stripe: false,
  plan: { code: "starter", name: "Starter", priceUsd: 39, monthlyCredits: 200, maxUsers: 3, maxSites: 3 },
  status: "active",
  subscribed: false,
  balance: { plan: 150, topup: 10, total: 160 },
  creditsResetAt: null,
  paidThrough: null,
  fit: { plan: "starter", usage: { users: 2, sites: 1 }, maxUsers: 3, maxSites: 3, overUsers: 0, overSites: 0, fits: true },
  packs: [{ code: "credits_100", name: "100 credits", credits: 100, priceUsd: 10 }],
};

vi.mock("./api", async (orig) => ({
  ...(await orig<typeof import("./api")>()),
  getSummary: vi.fn(async () => summary),
  listPlans: vi.fn(async () => []),
  listInvoices: vi.fn(async () => []),
  listLedger: vi.fn(async () => ({
    page: 1,
    perPage: 25,
    totalItems: 1,
    totalPages: 1,
    items: [{ id: "l1", collectionId: "", collectionName: "credit_ledger", created: "2026-12-01 10:00:00.000Z", updated: "", tenant: "t1", delta: 25, plan_delta: 25, topup_delta: 0, kind: "grant", job: "", balance_after: 25, note: "granted by the operator" }],
  })),
}));

const { BillingPage } = await import("./BillingPage");

describe("billing page", () => {
  it("without Stripe says payments are not set up and shows the ledger, and offers no Stripe action", async () => {
    const ws: Workspace = { id: "t1", name: "Acme", slug: "acme", status: "active", plan: "p", role: "owner", membership: "m" };
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={["/t/acme/billing"]}>
          <WorkspaceContext.Provider value={ws}>
            <BillingPage />
          </WorkspaceContext.Provider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect((await screen.findByTestId("no-stripe")).textContent).toContain("Payments are not set up");
    expect(await screen.findByText("granted by the operator")).toBeTruthy();
    expect(screen.getByTestId("plan-name").textContent).toBe("Starter");
    expect(screen.queryByRole("heading", { name: "Change plan" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Buy credits" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Manage payment/ })).toBeNull();
  });
});
