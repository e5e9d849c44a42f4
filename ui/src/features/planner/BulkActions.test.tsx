import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";

const send = vi.fn();
vi.mock("@/lib/pb", () => ({
  pb: {
    send: (...a: unknown[]) => send(...a),
    filter: (raw: string) => raw,
    collection: () => ({ getList: async () => ({ items: [], totalItems: 0 }) }),
  },
}));

import { BulkActions } from "./BulkActions";

function renderBar(selection: Parameters<typeof BulkActions>[0]["selection"], count: number) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <BulkActions tenant="t1" slug="acme" site="s1" selection={selection} count={count} onDone={() => {}} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("bulk actions", () => {
  beforeEach(() => send.mockReset());

  it("acts on all N matching with one call carrying the table's filter", async () => {
    send.mockImplementation(async (path: unknown) =>
      String(path).endsWith("/estimate") ? { keywords: 12000, clusterable: 9000, clusterCredits: 300, balance: 2000, balanceAfter: 1700, affordable: true, limit: 20000 } : { keywords: 12000 },
    );
    const filter = { site: "s1", search: "brew", volumeMin: 100 };
    renderBar({ filter }, 12000);
    expect(await screen.findByText("≈ 300 credits · balance 2,000 → 1,700")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: /Archive/ }));
    await waitFor(() => expect(send.mock.calls.filter(([p]) => String(p).endsWith("/archive"))).toHaveLength(1));
    const [, opts] = send.mock.calls.find(([p]) => String(p).endsWith("/archive"))!;
    expect(opts.body).toEqual({ tenant: "t1", filter });
    await userEvent.click(screen.getByRole("button", { name: "Cluster 9,000" }));
    await waitFor(() => expect(send.mock.calls.filter(([p]) => String(p).endsWith("/keywords/cluster"))).toHaveLength(1));
    expect(send.mock.calls.find(([p]) => String(p).endsWith("/keywords/cluster"))![1].body).toEqual({ tenant: "t1", filter });
  });

  it("disables clustering with the reason when the workspace is short", async () => {
    send.mockResolvedValue({ keywords: 90, clusterable: 90, clusterCredits: 3, balance: 1, balanceAfter: -2, affordable: false, limit: 20000 });
    renderBar({ ids: ["a", "b"] }, 2);
    expect(await screen.findByText(/Not enough credits: this needs 3, the workspace has 1\./)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Cluster 90" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("link", { name: "Get credits in Billing" }).getAttribute("href")).toBe("/t/acme/billing");
  });

  it("asks before deleting, naming what goes", async () => {
    send.mockResolvedValue({ keywords: 2, clusterable: 0, clusterCredits: 0, balance: 5, balanceAfter: 5, affordable: true, limit: 20000 });
    renderBar({ ids: ["a", "b"] }, 2);
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    await userEvent.click(await screen.findByRole("button", { name: "Delete 2 keywords" }));
    await waitFor(() => expect(send.mock.calls.find(([p]) => String(p).endsWith("/delete"))?.[1].body).toEqual({ tenant: "t1", ids: ["a", "b"] }));
  });
});
