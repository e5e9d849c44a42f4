import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";

const send = vi.fn();
let balance = { plan_credits: 0, topup_credits: 0 };
vi.mock("@/lib/pb", () => ({
  pb: {
    send: (...a: unknown[]) => send(...a),
    filter: (raw: string) => raw,
    collection: () => ({
      getOne: async () => ({ id: "t1", updated: "2026-12-02 10:00:00.000Z", ...balance }),
      subscribe: async () => async () => {},
    }),
    realtime: { subscribe: async () => async () => {} },
  },
}));

import { RunDialog } from "./RunDialog";
import type { Refresh } from "./api";

const refresh = {
  id: "r1",
  site: "s1",
  content: "c1",
  title: "Cold brew guide",
  url: "https://example.test/cold-brew/",
  status: "suggested",
  reasons: [{ code: "age", text: "last updated 400 days ago (refresh after 180 days)" }],
  missing_keywords: ["nitro cold brew"],
  version: 0,
} as Refresh;

function renderDialog(r: Refresh = refresh) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <RunDialog open onOpenChange={() => {}} tenant="t1" slug="acme" refresh={r} busy={false} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("running a refresh", () => {
  beforeEach(() => {
    send.mockReset();
    send.mockImplementation(async (path: unknown) => {
      if (path === "/api/igny8/costs") return { items: [{ action: "refresh", credits: 2, per: 1, unit: "post", note: "" }] };
      if (String(path).endsWith("/run")) return { job: "j1", status: "queued", credits: 2 };
      throw new Error(`unexpected ${String(path)}`);
    });
  });

  it("shows the cost and the balance after, then runs with one call", async () => {
    balance = { plan_credits: 7, topup_credits: 3 };
    renderDialog();
    expect(await screen.findByText("≈ 2 credits · balance 10 → 8")).toBeTruthy();
    expect(screen.getByText("last updated 400 days ago (refresh after 180 days)")).toBeTruthy();
    expect(screen.getByText("nitro cold brew")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Rewrite for 2 credits" }));
    await waitFor(() => expect(send.mock.calls.filter(([p]) => p === "/api/igny8/refreshes/r1/run")).toHaveLength(1));
  });

  it("is disabled when the workspace is short, saying why and where to get credits", async () => {
    balance = { plan_credits: 1, topup_credits: 0 };
    renderDialog();
    expect(await screen.findByText(/Not enough credits: this needs 2, the workspace has 1\./)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Get credits in Billing" }).getAttribute("href")).toBe("/t/acme/billing");
    const run = screen.getByRole("button", { name: "Rewrite for 2 credits" });
    expect(run).toBeDisabled();
    await userEvent.click(run);
    expect(send.mock.calls.filter(([p]) => String(p).endsWith("/run"))).toHaveLength(0);
  });

  it("does not offer a refresh that is already rewriting", async () => {
    balance = { plan_credits: 10, topup_credits: 0 };
    renderDialog({ ...refresh, status: "queued" });
    expect(await screen.findByText("The rewrite is running.")).toBeTruthy();
    expect(screen.getByRole("button", { name: /^Rewrite/ })).toBeDisabled();
  });
});
