// The cannibalisation check in the browser, against the real binary and the real test
// WordPress (site 2, core REST): a post "How to choose pour-over coffee" is on the site
// and in igny8's index of it; the idea "How to pick a pour-over coffee setup" (the
// labelled near-duplicate of overlap/testdata) arrives on the open Ideas page flagged
// with that post's address, score and reasons, and "Merge into a refresh" rejects it
// with the decision shown; the article of the same name is refused for publishing with
// the overlap shown in the Publish tab (not a bare error), the Tasks list badges it,
// and after "Go ahead" it is published. Screenshots: flow-overlap-idea, flow-overlap-publish.
import { test, expect } from "@playwright/test";
import { connectedSite, jobDone, must, shootFlow, signInAs, signup, testWordPress, type Session } from "./helpers";

const stamp = Date.now().toString(36);
const posts: number[] = [];
let owner: Session;

test.afterAll(async () => {
  const wp = testWordPress("WP2");
  for (const id of posts) await fetch(`${wp.url}/wp-json/wp/v2/posts/${id}?force=true`, { method: "DELETE", headers: { authorization: wp.auth } });
});

test("an idea and an article that repeat a post of the site are flagged, decided, and published after go ahead", async ({ page }) => {
  test.setTimeout(240_000);
  const wp = testWordPress("WP2");
  const made = await fetch(`${wp.url}/wp-json/wp/v2/posts`, {
    method: "POST",
    headers: { authorization: wp.auth, "content-type": "application/json" },
    body: JSON.stringify({
      title: "How to choose pour-over coffee",
      slug: `how-to-choose-pour-over-coffee-${stamp}`,
      status: "publish",
      content:
        "<h2>Why pour-over coffee matters</h2><p>This article is about pour-over coffee.</p><h2>Choosing pour-over coffee gear</h2><p>A dripper, filters and a kettle.</p><h2>Common mistakes with pour-over coffee</h2><p>Water too hot.</p>",
    }),
  });
  expect(made.status).toBe(201);
  const post = (await made.json()) as { id: number; link: string };
  posts.push(post.id);

  owner = await signup({ prefix: "overlap", workspace: "Coffee Notes" });
  const t = owner.tenant.id;
  const site = await connectedSite(owner, "WP2", `coffee-${stamp}`);
  const index = await must<{ job: string }>("POST", `/api/igny8/sites/${site}/index`, owner.token);
  await jobDone(owner, index.job);
  const cluster = await must<{ id: string }>("POST", "/api/collections/clusters/records", owner.token, { tenant: t, site, name: "pour-over coffee", status: "active" });

  // The Ideas page is open when the idea is stored: it arrives flagged, live.
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/planner/ideas?site=${site}`);
  await expect(page.getByText("No ideas yet")).toBeVisible();
  await must("POST", "/api/collections/ideas/records", owner.token, { tenant: t, site, cluster: cluster.id, title: "How to pick a pour-over coffee setup", primary_keyword: "pour-over coffee", status: "new" });
  const card = page.getByTestId("idea-card").filter({ hasText: "How to pick a pour-over coffee setup" });
  await expect(card.getByTestId("overlap-badge")).toHaveText(/overlaps \d pages?/);
  await expect(page.getByTestId("overlaps-list")).toContainText("1 idea targets what a page of the site already covers");
  const ideaRow = card.getByTestId("overlap").filter({ has: page.locator(`a[href="${post.link}"]`) });
  await expect(ideaRow.getByRole("link", { name: new RegExp(post.link.replace(/[.?*+^$()[\]{}|\\]/g, "\\$&")) })).toBeVisible();
  await expect(ideaRow.getByTestId("overlap-score")).toHaveText(/\d+ % overlap/);
  await expect(ideaRow).toContainText('keyword "pour-over coffee"');
  await shootFlow(page, "overlap-idea");

  // Merge: the existing post gets a refresh; the idea is rejected, the decision kept.
  await ideaRow.getByRole("button", { name: "Merge into a refresh" }).click();
  await expect(page.getByText("Merged into a refresh of the existing post").first()).toBeVisible();
  await page.getByRole("combobox", { name: /^Show/ }).selectOption("rejected");
  await expect(card.getByTestId("idea-status")).toHaveText("rejected");
  await expect(card.getByTestId("overlap-badge")).toHaveText(/overlap: merged into a refresh|overlaps \d page/);
  // decided overlaps fold away (another page of the test site still open would keep it shown)
  const show = card.getByRole("button", { name: "Show the overlap" });
  if (await show.isVisible()) await show.click();
  await expect(ideaRow.getByTestId("overlap-decision")).toContainText("Merged into a refresh of the existing post");
  await expect(ideaRow.getByRole("link", { name: "See the refresh in the Optimizer" })).toHaveAttribute("href", `/t/${owner.tenant.slug}/sites/${site}/optimizer`);
  const decided = await must<{ items: { status: string; refresh: string; url: string }[] }>(
    "GET",
    `/api/collections/overlaps/records?filter=${encodeURIComponent(`url = "${post.link}"`)}`,
    owner.token,
  );
  expect(decided.items.map((o) => o.status)).toEqual(["merge"]);
  expect(decided.items[0]!.refresh).not.toBe("");

  // The article of the same name: publishing is refused, the overlap shown inline.
  const task = await must<{ id: string }>("POST", "/api/collections/tasks/records", owner.token, { tenant: t, site, title: "How to pick a pour-over coffee setup", keywords: ["pour-over coffee"], status: "done" });
  const content = await must<{ id: string }>("POST", "/api/collections/contents/records", owner.token, {
    tenant: t,
    site,
    task: task.id,
    title: "How to pick a pour-over coffee setup",
    html: "<h2>Why pour-over coffee matters</h2><p>Pour-over brings out a bean's character.</p><h2>Picking a dripper</h2><p>Ceramic keeps the heat; plastic is light.</p>",
  });
  await page.goto(`/t/${owner.tenant.slug}/writer/contents/${content.id}?tab=publish`);
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByRole("button", { name: `Publish to coffee-${stamp}` }).click();
  const panel = page.getByTestId("overlap-panel");
  await expect(panel.getByRole("alert")).toHaveText(/Publishing was refused: decide (the overlap|each of the \d overlaps) below, then publish again\./);
  const row = panel.getByTestId("overlap").filter({ has: page.locator(`a[href="${post.link}"]`) });
  await expect(row).toContainText('keyword "pour-over coffee"');
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByText("Publishing waits until each overlap with the live site (above) is decided.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish now" })).toBeDisabled();
  await expect(page.getByTestId("overlap-badge")).toHaveText(/overlaps \d pages?/);
  await shootFlow(page, "overlap-publish");

  // The Tasks list badges the article and names it.
  await page.goto(`/t/${owner.tenant.slug}/writer/tasks?site=${site}`);
  await expect(page.getByRole("row", { name: /How to pick a pour-over coffee setup/ }).getByTestId("overlap-badge")).toHaveText(/overlaps \d pages?/);
  const list = page.getByTestId("overlaps-list");
  await expect(list).toContainText("1 article targets what a page of the site already covers");
  await list.getByRole("link", { name: "How to pick a pour-over coffee setup" }).click();

  // Go ahead on each overlap: the decision is shown and publishing goes through.
  const goAhead = page.getByTestId("overlap-panel").getByRole("button", { name: "Go ahead" });
  await expect(goAhead.first()).toBeVisible();
  while ((await goAhead.count()) > 0) {
    const n = await goAhead.count();
    await goAhead.first().click();
    await expect(goAhead).toHaveCount(n - 1);
  }
  await expect(row.getByTestId("overlap-decision")).toContainText("Go ahead: the article may be published");
  await expect(page.getByTestId("overlap-badge")).toHaveText("overlap: go ahead");
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByRole("button", { name: `Publish to coffee-${stamp}` }).click();
  await expect(page.getByTestId("publish-state").first()).toHaveText("published", { timeout: 90_000 });
  const after = await must<{ publish_status: string; wp_post_id: number }>("GET", `/api/collections/contents/records/${content.id}`, owner.token);
  expect(after.publish_status).toBe("published");
  expect(after.wp_post_id).toBeGreaterThan(0);
  posts.push(after.wp_post_id);
});
