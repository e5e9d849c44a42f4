import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { CostPreview, affordable, shortReason } from "./CostPreview";
import { costOf } from "./api";

describe("cost preview", () => {
  it("says the cost and the balance after", () => {
    render(
      <MemoryRouter>
        <CostPreview need={12} balance={25} slug="acme" />
      </MemoryRouter>,
    );
    expect(screen.getByTestId("cost-preview").textContent).toContain("≈ 12 credits · balance 25 → 13");
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("names the shortfall and where to get credits", () => {
    render(
      <MemoryRouter>
        <CostPreview need={12} balance={5} slug="acme" />
      </MemoryRouter>,
    );
    expect(screen.getByTestId("cost-preview").textContent).toContain("Not enough credits: this needs 12, the workspace has 5.");
    expect(screen.getByRole("link", { name: "Get credits in Billing" }).getAttribute("href")).toBe("/t/acme/billing");
  });

  it("blocks only a known shortfall", () => {
    expect(affordable({ need: 3, balance: 3 })).toBe(true);
    expect(affordable({ need: 4, balance: 3 })).toBe(false);
    expect(affordable({ need: undefined, balance: 0 })).toBe(true);
    expect(shortReason({ need: 1, balance: 0 })).toMatch(/needs 1/);
  });

  it("prices from the server's table, rounding batches up", () => {
    const prices = [
      { action: "clustering", credits: 1, per: 30, unit: "keyword", note: "" },
      { action: "idea", credits: 1, per: 1, unit: "idea", note: "" },
    ];
    expect(costOf(prices, "clustering", 31)).toBe(2);
    expect(costOf(prices, "idea", 3)).toBe(3);
    expect(costOf(prices, "idea", 0)).toBe(0);
    expect(costOf(prices, "article", 1)).toBeUndefined();
  });
});
