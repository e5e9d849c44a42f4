// The site index, in the browser, against the real binary and the real test WordPress
// with 500 generated posts (WPX, read only): from the site page "Index now" reads the
// site, the panel counts its posts and pages live, and the list finds a post by a word
// of its title, filters pages, and links each row to the live page. A viewer sees the
// index without the action. Screenshots: test-results/screenshots/flow-site-index-*.png.
import { test, expect } from "@playwright/test";
import { connectedSite, invitedMember, signInAs, signup, shootFlow, testWordPress } from "./helpers";

test("Index now reads the live site; the list finds, filters and links its pages", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const owner = await signup({ prefix: "siteindex", workspace: "Index Site" });
  const site = await connectedSite(owner, "WPX", `index-${Date.now().toString(36)}`);
  const wp = testWordPress("WPX");

  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/sites/${site}`);
  const panel = page.getByRole("region", { name: "Site index" });
  await expect(panel.getByTestId("index-counts")).toHaveText("Nothing indexed yet.");
  await expect(panel.getByTestId("index-run")).toHaveText("The site has not been indexed yet.");
  await panel.getByRole("button", { name: "Index now" }).click();
  // the job runs; the panel follows it live and counts what it read
  await expect(panel.getByTestId("index-counts")).toHaveText(/^500 posts and \d+ pages indexed\.$/, { timeout: 120_000 });
  await expect(panel.getByTestId("index-run")).toHaveText(/^The last indexing read \d+ posts and pages: \d+ new\.$/);

  await panel.getByRole("link", { name: "Browse the indexed pages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Site index" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search titles, addresses and headings" }).fill("pour-over");
  const row = page.getByRole("row", { name: /How to choose pour-over coffee/ });
  await expect(row).toBeVisible();
  await expect(page).toHaveURL(/search=pour-over/);
  const link = row.getByRole("link", { name: /gen-1-how-to-choose-pour-over-coffee/ });
  await expect(link).toHaveAttribute("href", `${wp.url}/gen-1-how-to-choose-pour-over-coffee/`);
  await expect(row).toContainText("Why pour-over coffee matters");
  await shootFlow(page, "site-index");

  // pages only: the search still applies, then cleared
  await page.getByRole("combobox", { name: "Kind" }).selectOption("page");
  await expect(page.getByText("No indexed page matches")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search titles, addresses and headings" }).fill("");
  await expect(page.getByRole("row", { name: /Coffee brewing hub/ })).toBeVisible();

  // a viewer reads the index but has no action
  const viewer = await invitedMember(owner, "viewer");
  const ctx = await browser.newContext();
  const vp = await ctx.newPage();
  await signInAs(vp, viewer);
  await vp.goto(`/t/${owner.tenant.slug}/sites/${site}/pages`);
  await expect(vp.getByRole("heading", { level: 1, name: "Site index" })).toBeVisible();
  await expect(vp.getByRole("row", { name: /How to choose pour-over coffee/ })).toBeVisible();
  await expect(vp.getByRole("button", { name: "Index now" })).toHaveCount(0);
  await ctx.close();
});
