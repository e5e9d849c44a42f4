// The Linker in the browser, against the real binary and the real test WordPress (site 2,
// core REST): two articles are published; in the newer one's Links tab "Suggest links"
// finds the older one named in its text (the anchor shown in its sentence, never in a
// heading), Approve puts the link into the live post exactly once (read back through
// WordPress's REST API), and on the site's Links page the link, filtered by status, is
// removed in bulk — gone from the post, the anchor text kept; a viewer sees it all without
// the actions. Screenshots:
// test-results/screenshots/flow-linker-*.png.
import { test, expect } from "@playwright/test";
import { base, connectedSite, invitedMember, jobDone, must, signInAs, signup, testWordPress, type Session, shootFlow } from "./helpers";

interface Content {
  id: string;
  html: string;
  wp_post_id: number;
  wp_url: string;
  publish_status: string;
}

let owner: Session;
const posts: number[] = [];

test.afterAll(async () => {
  const wp = testWordPress("WP2");
  for (const id of posts) await fetch(`${wp.url}/wp-json/wp/v2/posts/${id}?force=true`, { method: "DELETE", headers: { authorization: wp.auth } });
});

async function published(site: string, title: string, keywords: string[], html: string): Promise<Content> {
  const task = await must<{ id: string }>("POST", "/api/collections/tasks/records", owner.token, { tenant: owner.tenant.id, site, title, keywords, status: "done" });
  const c = await must<Content>("POST", "/api/collections/contents/records", owner.token, { tenant: owner.tenant.id, site, task: task.id, title, html });
  const pub = await must<{ job: string }>("POST", `/api/igny8/contents/${c.id}/publish`, owner.token, { now: true });
  await jobDone(owner, pub.job);
  const after = await must<Content>("GET", `/api/collections/contents/records/${c.id}`, owner.token);
  expect(after.publish_status).toBe("published");
  posts.push(after.wp_post_id);
  return after;
}

/** The post's stored content, as WordPress keeps it. */
async function postContent(id: number): Promise<string> {
  const wp = testWordPress("WP2");
  const r = await fetch(`${wp.url}/wp-json/wp/v2/posts/${id}?context=edit`, { headers: { authorization: wp.auth } });
  expect(r.status).toBe(200);
  return String((await r.json()).content.raw);
}

test("suggest, approve into the live post once, remove in bulk from the site's Links page", async ({ page, browser }) => {
  test.setTimeout(240_000);
  owner = await signup({ prefix: "linker", workspace: "Brew Notes" });
  const site = await connectedSite(owner, "WP2", `brew-${Date.now().toString(36)}`);
  const older = await published(site, "The cold brew guide", ["cold brew guide"], "<h2>Beans</h2><p>Coarse beans and cold water, twelve hours.</p>");
  const newer = await published(
    site,
    "Cold brew ratios",
    ["cold brew ratio"],
    "<h2>Before the cold brew guide</h2><p>Read our cold brew guide first, then weigh the beans.</p><p>One part coffee to eight parts water.</p>",
  );

  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/writer/contents/${newer.id}?tab=links`);
  const panel = page.getByTestId("links-panel");
  await expect(panel.getByText("No link suggestions yet")).toBeVisible();
  await panel.getByRole("button", { name: "Suggest links" }).first().click();
  // the suggestion job may wait for a worker on a busy machine (it flaked at the default 15 s)
  await expect(panel.getByTestId("suggest-status")).toContainText("1 new link from this article", { timeout: 60_000 });
  const suggested = page.getByRole("region", { name: /Suggested from this article/ });
  const row = suggested.getByTestId("link-row");
  await expect(row).toHaveCount(1);
  // the anchor in its sentence (the paragraph, not the heading), the target as text
  await expect(row.getByTestId("anchor-context")).toHaveText("Read our cold brew guide first, then weigh the beans.");
  await expect(row.locator("mark")).toHaveText("cold brew guide");
  await expect(row).toContainText("The cold brew guide");
  await expect(row).toContainText(older.wp_url);
  await expect(row).toContainText("Horizontal");
  await shootFlow(page, "linker-suggested");

  await row.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByText("Link approved")).toBeVisible();
  const inText = page.getByRole("region", { name: /In this article/ });
  await expect(inText.getByTestId("link-row")).toHaveAttribute("data-status", "inserted", { timeout: 60_000 });
  await expect(panel.getByTestId("link-cap")).toContainText("1 of 5 igny8 links in this article");
  const links = await must<{ items: { id: string; status: string }[] }>("GET", `/api/collections/internal_links/records?filter=${encodeURIComponent(`source_content = "${newer.id}"`)}`, owner.token);
  expect(links.items.map((l) => l.status)).toEqual(["inserted"]);
  const linkId = links.items[0]!.id;

  // WordPress holds the link once, in the paragraph; the heading has none
  const live = await postContent(newer.wp_post_id);
  expect(live.split(`data-igny8-link="${linkId}"`).length - 1).toBe(1);
  expect(live.split(`href="${older.wp_url}"`).length - 1).toBe(1);
  expect(live).toMatch(new RegExp(`Read our <a href="${older.wp_url.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}" data-igny8-link="${linkId}"[^>]*>cold brew guide</a> first`));
  expect(live).toMatch(/<h2[^>]*>Before the cold brew guide<\/h2>/);
  expect(live).not.toContain("nofollow"); // an internal link search engines follow
  await expect(inText.getByTestId("anchor-context")).toHaveText("Read our cold brew guide first, then weigh the beans.");
  await shootFlow(page, "linker-inserted");

  // the site's Links page: filtered by status, removed in bulk
  await page.goto(`/t/${owner.tenant.slug}/sites/${site}`);
  await expect(page.getByTestId("site-links-summary")).toContainText("0 suggested · 1 in posts");
  await page.getByRole("link", { name: "See all links" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Internal links" })).toBeVisible();
  await expect(page.getByTestId("linking-schedule")).toContainText("Linking schedule:");
  await page.getByRole("combobox", { name: "Status" }).selectOption("inserted");
  await expect(page).toHaveURL(/status=inserted/);
  const siteRow = page.getByRole("row", { name: /cold brew guide/ });
  await expect(siteRow).toHaveCount(1);
  await expect(siteRow).toContainText("inserted");
  await page.getByRole("combobox", { name: "Type" }).selectOption("upward");
  await expect(page.getByText("No link matches these filters")).toBeVisible();
  await page.getByRole("combobox", { name: "Type" }).selectOption("horizontal");
  await expect(siteRow).toHaveCount(1);
  await expect(page).toHaveURL(/status=inserted&type=horizontal/);
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("inserted");
  await siteRow.getByRole("checkbox", { name: "Select row" }).check();
  await shootFlow(page, "linker-site");
  await page.getByTestId("bulk-bar").getByRole("button", { name: "Remove 1 link" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove 1 link" }).click();
  await expect(page.getByText("1 link marked for removal")).toBeVisible();
  await expect(siteRow).toContainText("removed", { timeout: 60_000 });

  const gone = await postContent(newer.wp_post_id);
  expect(gone).not.toContain("data-igny8-link");
  expect(gone).not.toContain(`href="${older.wp_url}"`);
  expect(gone).toContain("Read our cold brew guide first, then weigh the beans.");
  const after = await must<Content>("GET", `/api/collections/contents/records/${newer.id}`, owner.token);
  expect(after.html).not.toContain("data-igny8-link");

  // a viewer sees the links and their state, without any action
  const viewer = await invitedMember(owner, "viewer");
  const ctx = await browser.newContext({ baseURL: base });
  const vp = await ctx.newPage();
  await signInAs(vp, viewer);
  await vp.goto(`/t/${owner.tenant.slug}/sites/${site}/links`);
  await expect(vp.getByRole("row", { name: /cold brew guide/ })).toContainText("removed");
  await expect(vp.getByRole("checkbox")).toHaveCount(0);
  await expect(vp.getByRole("button", { name: /^(Approve|Reject|Remove)/ })).toHaveCount(0);
  await vp.goto(`/t/${owner.tenant.slug}/writer/contents/${newer.id}?tab=links`);
  await expect(vp.getByText("Rejected and removed (1)")).toBeVisible();
  await expect(vp.getByRole("button", { name: /^(Suggest links|Approve|Reject|Remove)/ })).toHaveCount(0);
  await ctx.close();
});
