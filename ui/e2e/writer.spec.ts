// The Writer's acceptance flow against the real binary (dev AI provider) and the real
// test WordPress (site 2 of scripts/test-setup.d/30-wordpress.sh, over its REST API
// with an Application Password): a queued idea's task is generated from the tasks
// page with its cost shown first, a paragraph is edited in the editor and saved (a new
// version), the earlier version is restored from the history's diff, images are
// generated, the article is published and read back through WordPress's REST API
// (title, featured image, categories), and a second article is scheduled a few
// minutes ahead in the site's time zone and is "future" in WordPress. Screenshots of
// the populated pages go to test-results/screenshots/flow-writer-*.png.
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { invitedMember, must, signInAs, signup, type Session, shootFlow } from "./helpers";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The test WordPress 2 variables: the environment, else the checkout's .test-env. */
function wpEnv(): { url: string; user: string; pass: string } {
  const env: Record<string, string> = {};
  try {
    for (const line of readFileSync(path.join(root, ".test-env"), "utf8").split("\n")) {
      const m = /^(IGNY8_TEST_WP2_[A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
    }
  } catch {
    /* no .test-env: the environment must have them */
  }
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith("IGNY8_TEST_WP2_") && v) env[k] = v;
  if (!env.IGNY8_TEST_WP2_URL || !env.IGNY8_TEST_WP2_APP_PASSWORD) throw new Error("IGNY8_TEST_WP2_URL is not set: run make test-setup");
  return { url: env.IGNY8_TEST_WP2_URL, user: env.IGNY8_TEST_WP2_USER ?? "admin", pass: env.IGNY8_TEST_WP2_APP_PASSWORD };
}

async function wpPost(id: number): Promise<{ status: string; title: { raw: string }; featured_media: number; categories: number[]; date_gmt: string }> {
  const wp = wpEnv();
  const r = await fetch(`${wp.url}/wp-json/wp/v2/posts/${id}?context=edit`, { headers: { authorization: "Basic " + Buffer.from(`${wp.user}:${wp.pass}`).toString("base64") } });
  if (!r.ok) throw new Error(`WordPress post ${id}: ${r.status}`);
  return r.json();
}

const shoot = (page: Page, name: string) => shootFlow(page, `writer-${name}`);

interface Content {
  id: string;
  title: string;
  version: number;
  html: string;
  wp_post_id: number;
  publish_status: string;
}

/** A task from a queued idea of site (the Planner's queue route). */
async function queuedTask(s: Session, site: string, title: string, keyword: string): Promise<string> {
  const idea = await must<{ id: string }>("POST", "/api/collections/ideas/records", s.token, {
    tenant: s.tenant.id,
    site,
    title,
    primary_keyword: keyword,
    target_keywords: [keyword],
    estimated_words: 600,
    outline: { description: `All about ${keyword}.`, sections: [{ h2: `What ${keyword} means` }, { h2: "How to start" }, { h2: "Common mistakes" }] },
    status: "new",
  });
  const task = await must<{ id: string }>("POST", `/api/igny8/planner/ideas/${idea.id}/queue`, s.token);
  return task.id;
}

async function contentOf(s: Session, task: string): Promise<Content | undefined> {
  const r = await must<{ items: Content[] }>("GET", `/api/collections/contents/records?filter=${encodeURIComponent(`task="${task}"`)}`, s.token);
  return r.items[0];
}

test.describe.configure({ mode: "serial" });

let owner: Session;
let site = "";
let siteName = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const wp = wpEnv();
  owner = await signup({ prefix: "writer", workspace: "Brew Guides" });
  siteName = `brew-${Date.now().toString(36)}`;
  const s = await must<{ id: string }>("POST", "/api/collections/sites/records", owner.token, { tenant: owner.tenant.id, name: siteName, url: wp.url, timezone: "Europe/Berlin" });
  site = s.id;
  await must("PUT", `/api/igny8/sites/${site}/credentials`, owner.token, { transport: "rest", wp_username: wp.user, app_password: wp.pass });
  const check = await must<{ ok: boolean; items?: { id: string; status: string }[] }>("POST", `/api/igny8/sites/${site}/check`, owner.token);
  expect(check.ok, JSON.stringify(check)).toBe(true);
});

test("generate from a queued idea, edit, see a new version, restore the earlier one", async ({ page }) => {
  test.setTimeout(240_000);
  const task = await queuedTask(owner, site, "Cold brew ratio explained", "cold brew ratio");
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/writer/tasks?site=${site}`);
  await expect(page.getByRole("heading", { level: 1, name: "Writer" })).toBeVisible();
  const row = page.getByRole("row", { name: /Cold brew ratio explained/ });
  await expect(row.getByTestId("task-state")).toHaveText("queued");
  await shoot(page, "tasks");

  // the cost first, then one call
  await row.getByRole("button", { name: "Generate Cold brew ratio explained" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate the article" });
  await expect(dialog.getByTestId("cost-preview")).toContainText("≈ 3 credits · balance 25 → 22");
  await dialog.getByRole("button", { name: "Generate 1 article" }).click();
  await expect(page.getByText("Writing 1 article")).toBeVisible();
  // the row follows the job live, then links to the article
  await expect(row.getByTestId("task-state")).toHaveText("written", { timeout: 120_000 });
  await row.getByRole("link", { name: "Cold brew ratio explained", exact: true }).click();

  const editor = page.getByRole("textbox", { name: /^Text of / });
  await expect(editor).toBeVisible();
  const before = (await contentOf(owner, task))!;
  await expect(page.getByTestId("version")).toHaveText(`version ${before.version}`);
  await expect(page.getByRole("button", { name: "Saved" })).toBeDisabled();

  // edit a paragraph: the first one rewritten (a triple click selects it)
  const firstParagraph = editor.locator("p").first();
  await firstParagraph.click({ clickCount: 3 });
  await page.keyboard.type("Weigh the coffee for every batch.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved as version ${before.version + 1}`)).toBeVisible();
  await expect(page.getByTestId("version")).toHaveText(`version ${before.version + 1}`);
  const edited = (await contentOf(owner, task))!;
  expect(edited.html).toContain("Weigh the coffee for every batch.");
  await shoot(page, "editor");

  // the history shows the edit as a diff; restore the earlier version
  await page.getByRole("tab", { name: "Versions" }).click();
  await page.getByRole("button", { name: new RegExp(`^Version ${before.version}\\b`) }).click();
  await expect(page.getByTestId("version-diff").locator("ins")).toContainText(["Weigh"]);
  await expect(page.getByTestId("version-diff").locator("del").first()).toBeVisible();
  await shoot(page, "versions");
  await page.getByRole("button", { name: `Restore version ${before.version}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: `Restore version ${before.version}` }).click();
  await expect(page.getByText(`Version ${before.version} restored`)).toBeVisible();
  await expect(page.getByTestId("version")).toHaveText(`version ${before.version + 2}`);
  const restored = (await contentOf(owner, task))!;
  expect(restored.html).not.toContain("Weigh the coffee for every batch.");
  await page.getByRole("tab", { name: "Edit" }).click();
  await expect(editor).not.toContainText("Weigh the coffee for every batch.");
});

test("generate images, publish, and read the post back from WordPress", async ({ page }) => {
  test.setTimeout(240_000);
  const task = (await must<{ items: { id: string }[] }>("GET", `/api/collections/tasks/records?filter=${encodeURIComponent(`site="${site}"`)}`, owner.token)).items[0]!.id;
  const content = (await contentOf(owner, task))!;
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/writer/contents/${content.id}?tab=images`);
  await page.getByRole("button", { name: "Generate images" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate images" });
  await expect(dialog.getByTestId("cost-preview")).toContainText("≈ 3 credits");
  await dialog.getByRole("button", { name: "Generate 3 images" }).click();
  const cards = page.getByTestId("image-card");
  await expect(cards).toHaveCount(3);
  for (const card of await cards.all()) await expect(card.getByText("ready", { exact: true })).toBeVisible({ timeout: 120_000 });
  // edit the featured image's alt text
  const featured = page.getByRole("article", { name: "Featured image" });
  await featured.getByLabel("Alt text").fill("A jar of cold brew on a kitchen table");
  await featured.getByRole("button", { name: "Save the alt text of Featured image" }).click();
  await expect(page.getByText("Alt text saved")).toBeVisible();
  await shoot(page, "images");

  // an owner publishes the draft directly (editors need it approved)
  await page.getByRole("tab", { name: "Publish" }).click();
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: `Publish to ${siteName}` }).click();
  await expect(page.getByTestId("publish-state").first()).toHaveText("published", { timeout: 120_000 });
  await expect(page.getByRole("link", { name: "View the post" })).toHaveAttribute("href", /^http:\/\/127\.0\.0\.1/);
  await shoot(page, "published");

  const published = (await contentOf(owner, task))!;
  expect(published.wp_post_id).toBeGreaterThan(0);
  const post = await wpPost(published.wp_post_id);
  expect(post.status).toBe("publish");
  expect(post.title.raw).toBe(published.title);
  expect(post.featured_media).toBeGreaterThan(0);
  expect(post.categories.length).toBeGreaterThan(0);
});

test("schedule another a few minutes ahead in the site's time zone", async ({ page }) => {
  test.setTimeout(240_000);
  const task = await queuedTask(owner, site, "French press grind size", "french press grind");
  await must("POST", "/api/igny8/writer/tasks/generate", owner.token, { ids: [task] });
  await expect.poll(async () => (await contentOf(owner, task))?.id ?? "", { timeout: 120_000 }).not.toBe("");
  const content = (await contentOf(owner, task))!;
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/writer/contents/${content.id}?tab=publish`);
  const when = page.getByLabel("Date and time (Europe/Berlin)");
  await expect(when).toBeVisible();
  // five minutes from now, as a Berlin wall-clock time
  const at = new Date(Date.now() + 5 * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  await when.fill(local);
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: `Schedule on ${siteName}` }).click();
  await expect(page.getByTestId("publish-state").first()).toHaveText("scheduled", { timeout: 120_000 });
  await expect(page.getByText(/\(Europe\/Berlin\)/).first()).toBeVisible();
  const scheduled = (await contentOf(owner, task))!;
  const post = await wpPost(scheduled.wp_post_id);
  expect(post.status).toBe("future");
  // WordPress keeps the instant the app was given (to the minute, in UTC)
  expect(Math.abs(new Date(post.date_gmt + "Z").getTime() - at.getTime())).toBeLessThan(60_000);
});

test("the editorial flow as the roles allow; a viewer sees no write action", async ({ browser }) => {
  test.setTimeout(180_000);
  const editor = await invitedMember(owner, "editor");
  const viewer = await invitedMember(owner, "viewer");
  const task = await queuedTask(owner, site, "Moka pot basics", "moka pot");
  const content = await must<{ id: string }>("POST", "/api/collections/contents/records", owner.token, {
    tenant: owner.tenant.id,
    site,
    task,
    title: "Moka pot basics",
    html: "<h2>What a moka pot is</h2><p>A stovetop brewer that pushes water through coffee with steam pressure.</p>",
  });
  const url = `/t/${owner.tenant.slug}/writer/contents/${content.id}`;

  // the editor submits for review, cannot approve, and cannot publish what is not approved
  const ed = await browser.newPage();
  await signInAs(ed, editor);
  await ed.goto(url);
  await expect(ed.getByTestId("editorial-status")).toHaveText("draft");
  await ed.getByRole("button", { name: "Submit for review" }).click();
  await expect(ed.getByTestId("editorial-status")).toHaveText("review");
  await expect(ed.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await ed.getByRole("tab", { name: "Publish" }).click();
  await expect(ed.getByText("Only admins publish content that is not approved")).toBeVisible();
  await expect(ed.getByRole("button", { name: "Publish now" })).toHaveCount(0);

  // the owner (an admin) approves it; the editor sees it approved live and may publish now
  const own = await browser.newPage();
  await signInAs(own, owner);
  await own.goto(url);
  await own.getByRole("button", { name: "Approve" }).click();
  await expect(own.getByTestId("editorial-status")).toHaveText("approved");
  await expect(ed.getByTestId("editorial-status")).toHaveText("approved");
  await expect(ed.getByRole("button", { name: "Publish now" })).toBeVisible();

  // a viewer reads the article and its history, with no write action anywhere
  const vw = await browser.newPage();
  await signInAs(vw, viewer);
  await vw.goto(url);
  await expect(vw.getByRole("textbox", { name: /^Text of / })).toHaveAttribute("contenteditable", "false");
  for (const name of ["Save changes", "Saved", "Submit for review", "Approve", "Reopen for review"]) await expect(vw.getByRole("button", { name })).toHaveCount(0);
  await vw.getByRole("tab", { name: "Images" }).click();
  await expect(vw.getByRole("button", { name: /Generate images/ })).toHaveCount(0);
  await vw.getByRole("tab", { name: "Publish" }).click();
  await expect(vw.getByRole("button", { name: "Publish now" })).toHaveCount(0);
  await vw.goto(`/t/${owner.tenant.slug}/writer/tasks?site=${site}`);
  await expect(vw.getByRole("row", { name: /Moka pot basics/ })).toBeVisible();
  await expect(vw.getByRole("button", { name: /^Generate|^Write again/ })).toHaveCount(0);
  await expect(vw.getByRole("checkbox")).toHaveCount(0);
});
