// The Optimizer, in the browser, against the real binary and the real test WordPress
// (site 1, core REST): an article is published, its publish date set 400 days back; from
// the site page the Optimizer's "Scan now" makes it a refresh candidate (reason: old),
// Run shows the cost and rewrites it (the dev provider) as a new version, Review shows it
// beside the live text, and "Approve and republish" updates the same WordPress post,
// checked through WordPress's REST API. A post igny8 did not publish says how adoption
// works. Screenshots: test-results/screenshots/flow-optimizer-*.png.
import { test, expect } from "@playwright/test";
import { connectedSite, invitedMember, jobDone, must, signInAs, signup, suToken, testWordPress, shootFlow } from "./helpers";

interface Content {
  id: string;
  version: number;
  wp_post_id: number;
  wp_version: number;
  publish_status: string;
  status: string;
}

let postId = 0;

test.afterAll(async () => {
  if (postId) {
    const wp = testWordPress("WP1");
    await fetch(`${wp.url}/wp-json/wp/v2/posts/${postId}?force=true`, { method: "DELETE", headers: { authorization: wp.auth } });
  }
});

/** A paragraph of about n words about topic (the article must not be thin: 600 words or more). */
function paragraph(topic: string, n: number): string {
  const words = `Good ${topic} starts with fresh beans ground just before brewing and water that tastes clean on its own`.split(" ");
  return "<p>" + Array.from({ length: n }, (_, i) => words[i % words.length]).join(" ") + ".</p>";
}

test("a stale post becomes a refresh, is rewritten, reviewed and republished to the same WordPress post", async ({ page }) => {
  test.setTimeout(240_000);
  const owner = await signup({ prefix: "optimizer", workspace: "Brew Guides" });
  const site = await connectedSite(owner, "WP1", `brew-${Date.now().toString(36)}`);
  const title = `French press basics ${Date.now().toString(36)}`;
  const task = await must<{ id: string }>("POST", "/api/collections/tasks/records", owner.token, { tenant: owner.tenant.id, site, title, keywords: ["french press"], status: "done" });
  const created = await must<Content>("POST", "/api/collections/contents/records", owner.token, {
    tenant: owner.tenant.id,
    site,
    task: task.id,
    title,
    html: `<p>The French press is the simplest way to brew full-bodied coffee.</p><h2>Grind and ratio</h2>${paragraph("french press coffee", 330)}<h2>Steeping time</h2>${paragraph("steeping", 330)}`,
  });
  const pub = await must<{ job: string }>("POST", `/api/igny8/contents/${created.id}/publish`, owner.token, { now: true });
  await jobDone(owner, pub.job);
  const published = await must<Content>("GET", `/api/collections/contents/records/${created.id}`, owner.token);
  expect(published.publish_status).toBe("published");
  postId = published.wp_post_id;
  expect(postId).toBeGreaterThan(0);
  // the post went live 400 days ago (the scan reads the content's published_at)
  await must("PATCH", `/api/collections/contents/records/${created.id}`, owner.token, { published_at: new Date(Date.now() - 400 * 86_400_000).toISOString() });

  // the site page leads to the Optimizer, which has nothing yet
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/sites/${site}`);
  await expect(page.getByTestId("optimizer-counts")).toHaveText("No post waits for a refresh.");
  await page.getByRole("link", { name: "Open the Optimizer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Optimizer" })).toBeVisible();
  await expect(page.getByTestId("scan-state")).toHaveText("The site has not been scanned yet.");
  await expect(page.getByText("No post needs a refresh")).toBeVisible();

  // Scan now: the post appears live with its reason in words
  await page.getByRole("button", { name: "Scan now" }).first().click();
  const row = page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row.getByTestId("refresh-reasons").getByRole("listitem")).toHaveText(["Oldlast updated 400 days ago (refresh after 180 days)"]);
  await expect(row.getByTestId("refresh-state")).toHaveText("suggested");
  await expect(page.getByTestId("scan-state")).toContainText("1 new suggestion");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootFlow(page, "optimizer");

  // Run: the cost and the balance after first, then the rewrite follows live
  const tenant = await must<{ plan_credits: number; topup_credits: number }>("GET", `/api/collections/tenants/records/${owner.tenant.id}`, owner.token);
  const balance = tenant.plan_credits + tenant.topup_credits;
  await row.getByRole("button", { name: `Run the refresh of ${title}` }).click();
  const dialog = page.getByRole("dialog", { name: `Refresh “${title}”` });
  await expect(dialog.getByTestId("cost-preview")).toHaveText(`≈ 2 credits · balance ${balance} → ${balance - 2}`);
  await dialog.getByRole("button", { name: "Rewrite for 2 credits" }).click();
  await expect(page.getByText(`Rewriting “${title}”`)).toBeVisible();
  await expect(row.getByTestId("refresh-state")).toContainText("ready for review", { timeout: 60_000 });
  const refreshed = await must<Content>("GET", `/api/collections/contents/records/${created.id}`, owner.token);
  expect(refreshed.status).toBe("review");
  expect(refreshed.version).toBeGreaterThan(published.version);

  // Review: the refreshed version beside the live one, word by word
  await row.getByRole("link", { name: `Review the refresh of ${title}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Review: ${title}` })).toBeVisible();
  const before = page.getByTestId("conflict-before");
  const after = page.getByTestId("conflict-after");
  await expect(before).toContainText(`Live on WordPress (version ${refreshed.wp_version})`);
  await expect(after).toContainText(`Refreshed (version ${refreshed.version})`);
  await expect(after.locator("ins").first()).toContainText("what changed about grind and ratio");
  await expect(before).not.toContainText("what changed about");
  await expect(before.locator("ins")).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootFlow(page, "optimizer-review");

  // Republish: approve the version in review and publish it to the same post
  await page.getByRole("button", { name: "Approve and republish" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: `Republish to post ${postId}` }).click();
  await expect(page.getByTestId("republished")).toContainText(`is live on WordPress post ${postId}`, { timeout: 60_000 });
  await expect(page.getByTestId("review-state")).toHaveText("republished");

  const after2 = await must<Content>("GET", `/api/collections/contents/records/${created.id}`, owner.token);
  expect(after2.wp_post_id).toBe(postId);
  expect(after2.wp_version).toBe(refreshed.version);
  const wp = testWordPress("WP1");
  const post = await (await fetch(`${wp.url}/wp-json/wp/v2/posts/${postId}?context=edit&_fields=id,status,content`, { headers: { authorization: wp.auth } })).json();
  expect(post.id).toBe(postId);
  expect(post.status).toBe("publish");
  expect(String(post.content.raw)).toContain("what changed about grind and ratio since this was written");
  expect(String(post.content.raw)).toContain("what changed about steeping time since this was written");
  const refreshes = await must<{ items: { status: string }[] }>("GET", `/api/collections/refreshes/records?filter=${encodeURIComponent(`content = "${created.id}"`)}`, owner.token);
  expect(refreshes.items.map((r) => r.status)).toEqual(["published"]);

  // the list moved it to Republished
  await page.getByRole("link", { name: "All refreshes" }).click();
  await expect(page.getByText("No post needs a refresh")).toBeVisible();
  await page.getByRole("tab", { name: "Republished" }).click();
  await expect(page.getByRole("row", { name: new RegExp(title) }).getByTestId("refresh-state")).toHaveText("republished");
});

test("a post igny8 did not publish says how adoption works; a viewer sees no actions", async ({ page, browser }) => {
  const owner = await signup({ prefix: "optimizer-adopt", workspace: "Tea Archive" });
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", owner.token, { tenant: owner.tenant.id, name: "tea.example", url: "https://tea.example" });
  // the site index's record of a post igny8 did not write, and the scan's suggestion for it (seeded as the operator)
  const indexed = await must<{ id: string }>("POST", "/api/collections/site_pages/records", suToken(), {
    tenant: owner.tenant.id,
    site: site.id,
    wp_id: 4321,
    kind: "post",
    url: "https://tea.example/oolong-basics/",
    title: "Oolong basics",
    word_count: 310,
    source: "rest",
  });
  await must("POST", "/api/collections/refreshes/records", suToken(), {
    tenant: owner.tenant.id,
    site: site.id,
    page: indexed.id,
    url: "https://tea.example/oolong-basics/",
    title: "Oolong basics",
    reasons: [{ code: "thin", text: "310 words (thin: under 600)" }],
    missing_keywords: [],
    score: 1,
    status: "suggested",
  });
  const viewer = await invitedMember(owner, "viewer");
  const ctx = await browser.newContext();
  const vp = await ctx.newPage();
  await signInAs(vp, viewer);
  await vp.goto(`/t/${owner.tenant.slug}/sites/${site.id}/optimizer`);
  await expect(vp.getByRole("row", { name: /Oolong basics/ }).getByTestId("refresh-reasons")).toContainText("310 words (thin: under 600)");
  await expect(vp.getByRole("button", { name: /Scan now|^Dismiss|^Run/ })).toHaveCount(0);
  await ctx.close();

  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/sites/${site.id}/optimizer`);
  await expect(page.getByText("Check the site's connection first.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Scan now" }).first()).toBeDisabled();
  const row = page.getByRole("row", { name: /Oolong basics/ });
  await expect(row.getByText("not published by igny8")).toBeVisible();
  await expect(row.getByRole("button", { name: /^Run/ })).toHaveCount(0);
  await row.getByRole("button", { name: "How to refresh Oolong basics" }).click();
  const help = page.getByTestId("adoption-help");
  await expect(help).toContainText("POST /api/igny8/contents/{article}/adopt");
  await expect(help).toContainText('{"wp_post_id": 4321}');
  await expect(help).toContainText("this post is WordPress post 4321");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  await expect(row.getByRole("button", { name: "How to refresh Oolong basics" })).toBeFocused();
  // Dismiss sets it aside
  await row.getByRole("button", { name: "Dismiss the refresh of Oolong basics" }).click();
  await expect(page.getByText("No post needs a refresh")).toBeVisible();
  await page.getByRole("tab", { name: "Dismissed" }).click();
  await expect(page.getByRole("row", { name: /Oolong basics/ }).getByTestId("refresh-state")).toHaveText("dismissed");
});
