import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import type { Overlap } from "./api";

const send = vi.fn();
const getFullList = vi.fn();
vi.mock("@/lib/pb", () => ({
  pb: {
    send: (...a: unknown[]) => send(...a),
    filter: (raw: string) => raw,
    collection: () => ({ getFullList: (...a: unknown[]) => getFullList(...a), subscribe: async () => async () => {} }),
    realtime: { subscribe: async () => async () => {}, unsubscribe: async () => {} },
  },
}));

import { OverlapPanel } from "./OverlapPanel";

const base: Overlap = {
  id: "o1",
  collectionId: "pbc_igny8_overlaps",
  collectionName: "overlaps",
  created: "2026-12-02 15:00:00.000Z",
  updated: "2026-12-02 15:00:00.000Z",
  tenant: "t1",
  site: "s1",
  idea: "i1",
  content: "",
  page: "p1",
  other_content: "",
  url: "https://coffee.example/how-to-choose-pour-over-coffee/",
  title: "How to choose pour-over coffee",
  score: 0.83,
  lexical: 0.83,
  semantic: 0,
  reasons: ['the page\'s title, address or headings carry every word of the keyword "pour-over coffee"', "both take the same angle (choosing)"],
  status: "open",
  decided_by: "",
  decided_at: "",
  refresh: "",
};

function renderPanel(props: Partial<Parameters<typeof OverlapPanel>[0]>) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <OverlapPanel tenant="t1" slug="acme" subject={{ kind: "idea", id: "i1" }} canEdit {...props} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the overlap panel", () => {
  beforeEach(() => {
    send.mockReset();
    getFullList.mockReset();
  });

  it("shows the page's address as a link's text, the score and the reasons, and records a decision", async () => {
    send.mockResolvedValue({ ...base, status: "merge", refresh: "r1", decided_at: "2026-12-02 15:01:00.000Z", updated: "2026-12-02 15:01:00.000Z" });
    renderPanel({ overlaps: [base], level: 3 });
    const panel = screen.getByTestId("overlap-panel");
    expect(within(panel).getByRole("heading", { level: 3 }).textContent).toBe("This idea targets what a page of the site already covers");
    const link = within(panel).getByRole("link", { name: /coffee\.example/ });
    expect(link.getAttribute("href")).toBe(base.url);
    expect(link.getAttribute("rel")).toBe("noreferrer noopener");
    expect(within(panel).getByTestId("overlap-score").textContent).toContain("83 %");
    expect(within(panel).getByText("both take the same angle (choosing)")).toBeTruthy();
    await userEvent.click(within(panel).getByRole("button", { name: "Merge into a refresh" }));
    await waitFor(() => expect(send).toHaveBeenCalledWith("/api/igny8/overlaps/o1/decide", { method: "POST", body: { decision: "merge" }, requestKey: null }));
    expect((await within(panel).findByTestId("overlap-decision")).textContent).toContain("Merged into a refresh of the existing post");
    expect(within(panel).getByRole("link", { name: "See the refresh in the Optimizer" }).getAttribute("href")).toBe("/t/acme/sites/s1/optimizer");
    // a merge made its refresh: it is not changed from here
    expect(within(panel).queryByRole("button", { name: "Change the decision" })).toBeNull();
    expect(within(panel).queryByRole("button", { name: "Go ahead" })).toBeNull();
  });

  it("never links an address that is not a web address", () => {
    renderPanel({ overlaps: [{ ...base, url: "javascript:alert(1)" }] });
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByText("javascript:alert(1)")).toBeTruthy();
  });

  it("shows what a refused publish named while its own list is empty, without the buttons for viewers", async () => {
    getFullList.mockResolvedValue([]);
    renderPanel({ subject: { kind: "content", id: "c1" }, canEdit: false, refused: [{ id: "o9", url: "https://coffee.example/a/", title: "A", score: 0.7, status: "open", reasons: ["same keyword"] }] });
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toBe("Publishing was refused: decide the overlap below, then publish again.");
    expect(screen.getByText("Undecided: an editor of the workspace decides.")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("offers no merge for another igny8 article and lets a decision be changed", async () => {
    const other = { ...base, page: "", url: "", title: "Pour-over basics", other_content: "c7", status: "go_ahead" as const, decided_at: "2026-12-02 15:02:00.000Z" };
    send.mockResolvedValue({ ...other, status: "skip", updated: "2026-12-02 15:03:00.000Z" });
    renderPanel({ overlaps: [other] });
    expect(screen.getByRole("link", { name: "Another igny8 article of this site (not published yet)" }).getAttribute("href")).toBe("/t/acme/writer/contents/c7");
    expect(screen.getByTestId("overlap-decision").textContent).toContain("Go ahead: the idea stays planned");
    await userEvent.click(screen.getByRole("button", { name: "Change the decision" }));
    expect(screen.queryByRole("button", { name: "Merge into a refresh" })).toBeNull();
    expect((screen.getByRole("button", { name: "Go ahead" }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole("button", { name: "Skip" }));
    expect((await screen.findByTestId("overlap-decision")).textContent).toContain("Skipped: the idea was rejected");
  });
});
