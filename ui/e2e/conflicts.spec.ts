// A conflict with WordPress, in the browser, against the real binary and the real test
// WordPress (site 2, core REST): an article is published, its paragraph edited in
// WordPress while igny8's text also changes, a sync finds the conflict; the Tasks list
// names the article, the editor shows both texts side by side and refuses to publish,
// and "Keep the WordPress edit" makes WordPress's text igny8's again (the draft stays a
// version). Screenshots: test-results/screenshots/flow-conflict-*.png.
import { test, expect } from "@playwright/test";
import { connectedSite, jobDone, must, signInAs, signup, testWordPress, type Session, shootFlow } from "./helpers";

interface Content {
  id: string;
  version: number;
  html: string;
  wp_post_id: number;
  publish_status: string;
  wp_conflict: { version: number } | null;
}

let owner: Session;
let site = "";
let postId = 0;

test.afterAll(async () => {
  if (postId) {
    const wp = testWordPress("WP2");
    await fetch(`${wp.url}/wp-json/wp/v2/posts/${postId}?force=true`, { method: "DELETE", headers: { authorization: wp.auth } });
  }
});

test("a post edited in WordPress beside a draft is a conflict: both shown, one kept", async ({ page }) => {
  test.setTimeout(240_000);
  owner = await signup({ prefix: "conflict", workspace: "Tea Notes" });
  site = await connectedSite(owner, "WP2", `tea-${Date.now().toString(36)}`);
  const task = await must<{ id: string }>("POST", "/api/collections/tasks/records", owner.token, { tenant: owner.tenant.id, site, title: "Green tea brewing temperatures", keywords: ["green tea temperature"], status: "done" });
  const created = await must<Content>("POST", "/api/collections/contents/records", owner.token, {
    tenant: owner.tenant.id,
    site,
    task: task.id,
    title: "Green tea brewing temperatures",
    html: "<h2>Why temperature matters</h2><p>Boiling water makes green tea bitter.</p><h2>The right range</h2><p>Brew most green teas between 70 and 80 degrees.</p>",
  });
  const pub = await must<{ job: string }>("POST", `/api/igny8/contents/${created.id}/publish`, owner.token, { now: true });
  await jobDone(owner, pub.job);
  const published = await must<Content>("GET", `/api/collections/contents/records/${created.id}`, owner.token);
  expect(published.publish_status).toBe("published");
  postId = published.wp_post_id;

  // WordPress: an editor rewrites the first paragraph (the raw content keeps igny8's marker)
  const wp = testWordPress("WP2");
  const raw = await (await fetch(`${wp.url}/wp-json/wp/v2/posts/${postId}?context=edit`, { headers: { authorization: wp.auth } })).json();
  const edited = String(raw.content.raw).replace("Boiling water makes green tea bitter.", "Boiling water scorches the leaves and the tea turns bitter.");
  expect(edited).not.toBe(raw.content.raw);
  const put = await fetch(`${wp.url}/wp-json/wp/v2/posts/${postId}`, { method: "POST", headers: { authorization: wp.auth, "content-type": "application/json" }, body: JSON.stringify({ content: edited }) });
  expect(put.status).toBe(200);
  // igny8: meanwhile the draft changes the second paragraph (not published)
  await must("PATCH", `/api/collections/contents/records/${created.id}`, owner.token, {
    html: published.html.replace("between 70 and 80 degrees", "between 70 and 80 °C, white teas cooler"),
  });
  const sync = await must<{ job: string }>("POST", `/api/igny8/sites/${site}/sync`, owner.token);
  await jobDone(owner, sync.job);
  const inConflict = await must<Content>("GET", `/api/collections/contents/records/${created.id}`, owner.token);
  expect(inConflict.wp_conflict?.version ?? 0).toBeGreaterThan(0);

  // the Tasks list names it and badges its row
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/writer/tasks?site=${site}`);
  const list = page.getByTestId("conflicts-list");
  await expect(list).toContainText("1 article was edited in WordPress");
  await expect(page.getByRole("row", { name: /Green tea brewing temperatures/ }).getByTestId("conflict-badge")).toBeVisible();
  await list.getByRole("link", { name: "Green tea brewing temperatures" }).click();

  // the editor: both texts side by side, word by word; publishing waits
  const panel = page.getByTestId("conflict-panel");
  await expect(panel.getByRole("heading", { name: "Edited in WordPress while this draft was in progress" })).toBeVisible();
  await expect(panel.getByTestId("conflict-before").locator("ins")).toHaveCount(0);
  await expect(panel.getByTestId("conflict-before").locator("del").first()).toBeVisible();
  await expect(panel.getByTestId("conflict-before")).toContainText("scorches the leaves");
  await expect(panel.getByTestId("conflict-after")).toContainText("white teas cooler");
  await expect(panel.getByTestId("conflict-after")).not.toContainText("scorches");
  await shootFlow(page, "conflict");
  await page.getByRole("tab", { name: "Publish" }).click();
  await expect(page.getByText("Publishing waits until you keep one of the two texts")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish now" })).toBeDisabled();

  await panel.getByRole("button", { name: "Keep the WordPress edit" }).click();
  await expect(page.getByText(/WordPress's edit kept \(now version \d+\)/)).toBeVisible();
  await expect(page.getByTestId("conflict-panel")).toHaveCount(0);
  const after = await must<Content>("GET", `/api/collections/contents/records/${created.id}`, owner.token);
  expect(after.wp_conflict).toBeFalsy();
  expect(after.html).toContain("scorches the leaves");
  expect(after.version).toBeGreaterThan(inConflict.version);
  await expect(page.getByRole("button", { name: "Publish now" })).toBeEnabled();
});
