import { beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { ClientResponseError } from "pocketbase";
import type { InternalLink } from "./api";

const send = vi.fn();
let links: Partial<InternalLink>[] = [];
vi.mock("@/lib/pb", () => ({
  pb: {
    send: (...a: unknown[]) => send(...a),
    filter: (raw: string) => raw,
    collection: (name: string) => ({
      getFullList: async () => (name === "internal_links" ? links : []),
      getList: async () => ({ items: [], totalItems: 0 }),
    }),
  },
}));
vi.mock("@/realtime/useRealtime", () => ({ useCollectionEvents: () => {}, useResync: () => {} }));

import { LinksPanel } from "./LinksPanel";
import { useToasts } from "@/components/ui/Toast";
import type { Content } from "@/features/writer/api";

const content = { id: "c1", site: "s1", tenant: "t1", html: "<h2>Burr grinder</h2><p>Pick a burr grinder first. Then tea topic a, tea topic b.</p>", wp_post_id: 12, wp_url: "https://b.example/x/" } as Content;

function link(id: string, status: InternalLink["status"], anchor: string, extra: Partial<InternalLink> = {}): Partial<InternalLink> {
  return { id, status, anchor, source_content: "c1", target_title: `Target ${id}`, target_url: `https://b.example/${id}/`, link_type: "horizontal", priority: "medium", reason: "", error: "", updated: "2026-01-01 00:00:00.000Z", ...extra };
}

function renderPanel(opts: { dirty?: boolean; canEdit?: boolean } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <LinksPanel tenant="t1" slug="acme" content={content} canEdit={opts.canEdit ?? true} dirty={opts.dirty ?? false} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("LinksPanel", () => {
  beforeEach(() => {
    send.mockReset();
    useToasts.setState({ toasts: [] });
  });

  it("shows a suggestion's anchor in its sentence and approves it with one call", async () => {
    links = [link("l1", "suggested", "burr grinder", { reason: '"burr grinder" in the text names its keyword' })];
    send.mockResolvedValue({ link: "l1", status: "approved", job: "j1" });
    renderPanel();
    const group = await screen.findByRole("region", { name: /Suggested from this article \(1\)/ });
    expect(within(group).getByTestId("anchor-context").textContent).toBe("Pick a burr grinder first. Then tea topic a, tea topic b.");
    expect(within(group).getByText("https://b.example/l1/")).toBeTruthy();
    await userEvent.click(within(group).getByRole("button", { name: /^Approve ?the link “burr grinder”/ }));
    await waitFor(() => expect(send).toHaveBeenCalledWith("/api/igny8/linker/links/l1/approve", expect.objectContaining({ method: "POST" })));
    expect(useToasts.getState().toasts.map((t) => t.title)).toContain("Link approved");
  });

  it("disables approve at the per-post cap and while the text has unsaved changes, with the reason", async () => {
    links = [
      ...["a", "b", "c", "d", "e"].map((x) => link(`i${x}`, "inserted", `tea topic ${x}`)),
      link("s1", "suggested", "burr grinder"),
    ];
    renderPanel();
    expect(await screen.findByText("5 of 5 igny8 links in this article.")).toBeTruthy();
    const approve = screen.getByRole("button", { name: /^Approve ?the link “burr grinder”/ });
    expect(approve).toBeDisabled();
    expect(approve.getAttribute("title")).toMatch(/the most: remove one first/);
    expect(screen.getAllByRole("button", { name: /^Remove ?the link/ })).toHaveLength(5);

    cleanup();
    links = [link("s1", "suggested", "burr grinder")];
    renderPanel({ dirty: true });
    const blocked = await screen.findByRole("button", { name: /^Approve ?the link “burr grinder”/ });
    expect(blocked).toBeDisabled();
    expect(blocked.getAttribute("title")).toMatch(/Save your changes first/);
    expect(screen.getByRole("button", { name: /^Reject ?the link “burr grinder”/ })).toBeEnabled();
  });

  it("shows the server's reason when a decision is refused", async () => {
    links = [link("l1", "suggested", "burr grinder")];
    send.mockRejectedValue(
      new ClientResponseError({ status: 409, response: { message: "The article already has 5 links from igny8, the most per post: remove one first.", data: { status: { code: "igny8_conflict", message: "x" } } } }),
    );
    renderPanel();
    await userEvent.click(await screen.findByRole("button", { name: /^Approve ?the link/ }));
    await waitFor(() => expect(useToasts.getState().toasts.at(-1)?.body).toBe("The article already has 5 links from igny8, the most per post: remove one first."));
  });

  it("offers no action to a viewer", async () => {
    links = [link("l1", "suggested", "burr grinder"), link("l2", "inserted", "tea topic a")];
    renderPanel({ canEdit: false });
    await screen.findByRole("region", { name: /In this article \(1\)/ });
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });
});
