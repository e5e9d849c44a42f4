// Sites on the real test WordPress (site 1 of scripts/test-setup.d/30-wordpress.sh):
// an owner adds the site, connects it with an Application Password through the UI,
// the connection check shows no failed item (plain HTTP stays a warning), syncs it,
// saves its defaults, turns a schedule on and runs it now, and sees its result.
// Screenshots: test-results/screenshots/flow-sites-*.png.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { must, signInAs, signup } from "./helpers";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const shots = path.join(root, "ui", "test-results", "screenshots");

/** Test WordPress 1's address and Application Password: the environment, else the checkout's .test-env. */
function wp1(): { url: string; user: string; pass: string } {
  const env: Record<string, string> = {};
  try {
    for (const line of readFileSync(path.join(root, ".test-env"), "utf8").split("\n")) {
      const m = /^(IGNY8_TEST_WP1_[A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
    }
  } catch {
    /* no .test-env: the environment must have them */
  }
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith("IGNY8_TEST_WP1_") && v) env[k] = v;
  if (!env.IGNY8_TEST_WP1_URL || !env.IGNY8_TEST_WP1_APP_PASSWORD) throw new Error("IGNY8_TEST_WP1_URL is not set: run make test-setup");
  return { url: env.IGNY8_TEST_WP1_URL, user: env.IGNY8_TEST_WP1_USER ?? "admin", pass: env.IGNY8_TEST_WP1_APP_PASSWORD };
}

test("connects the test WordPress with an Application Password, checks, syncs, sets defaults and runs a schedule now", async ({ page }) => {
  test.setTimeout(120_000);
  const wp = wp1();
  const owner = await signup({ prefix: "sites", workspace: "Sites E2E" });
  await signInAs(page, owner);

  // Sites: empty at first, with the next step; add the site through the dialog.
  await page.goto(`/t/${owner.tenant.slug}/sites`);
  await expect(page.getByRole("heading", { level: 1, name: "Sites" })).toBeVisible();
  await expect(page.getByText("No site yet")).toBeVisible();
  await page.getByRole("button", { name: "Add site" }).first().click();
  const add = page.getByRole("dialog", { name: "Add a site" });
  await add.getByLabel("Name").fill("Test blog");
  await add.getByLabel("Address").fill(wp.url);
  await add.getByRole("button", { name: "Add site" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Test blog" })).toBeVisible();
  const siteId = page.url().split("/").pop()!;
  // keywords for the clustering schedule to work on
  await must("POST", "/api/igny8/planner/keywords", owner.token, { site: siteId, keywords: ["cold brew ratio", "cold brew concentrate", "how to make cold brew"] });

  // Connect with an Application Password: saving runs the check.
  await page.getByRole("button", { name: "Connect with an Application Password" }).click();
  const dlg = page.getByRole("dialog", { name: "Connect with an Application Password" });
  await dlg.getByLabel("WordPress username").fill(wp.user);
  await dlg.getByLabel("Application Password").fill(wp.pass);
  await dlg.getByRole("button", { name: "Save and check" }).click();
  await expect(dlg).toBeHidden();
  await expect(page.getByTestId("check-summary")).toContainText("No check failed");
  const items = page.getByTestId("check-item");
  expect(await items.count()).toBeGreaterThan(3);
  await expect(page.locator('[data-testid="check-item"][data-status="fail"]')).toHaveCount(0);
  // plain HTTP: a warning with its fix, not a failure
  const https = page.locator('[data-testid="check-item"][data-check="https"]');
  await expect(https).toHaveAttribute("data-status", "warn");
  await expect(https).toContainText("Fix:");
  await expect(page.getByText("Connected", { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: path.join(shots, "flow-sites-connected-light-1280.png"), fullPage: true });

  // Sync now: the site's categories and authors arrive (realtime on the site record).
  await expect(page.getByTestId("last-sync")).toHaveText("Never");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("last-sync")).not.toHaveText("Never", { timeout: 30_000 });

  // Defaults: saved on the site.
  const defaults = page.getByRole("region", { name: "Defaults" });
  await defaults.getByLabel("Post status in WordPress").selectOption("draft");
  await defaults.getByLabel("Images per article").fill("3");
  await defaults.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Defaults saved")).toBeVisible();
  const stored = await must<{ defaults: { post_status: string; images_per_article: number } }>("GET", `/api/collections/sites/records/${siteId}`, owner.token);
  expect(stored.defaults).toMatchObject({ post_status: "draft", images_per_article: 3 });

  // Automation: turn clustering on (it gets a next run), run it now, see its result.
  const row = page.locator('[data-testid="schedule-row"][data-type="clustering"]');
  await expect(row).toHaveAttribute("data-enabled", "false");
  await row.getByRole("switch", { name: "Cluster new keywords on" }).check();
  await expect(row).toHaveAttribute("data-enabled", "true");
  await expect(row).not.toContainText("next run —");
  await expect(row.getByTestId("schedule-result")).toHaveText("Not run yet");
  await row.getByRole("button", { name: /^Run now\s?: Cluster new keywords$/ }).click();
  await expect(page.getByText(/Cluster new keywords: (run queued|already running)/)).toBeVisible();
  await expect(row.getByTestId("schedule-result")).toContainText("(run now): queued 1 item", { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, "flow-sites-automation-light-1280.png"), fullPage: true });

  // The list shows the site connected.
  await page.goto(`/t/${owner.tenant.slug}/sites`);
  await expect(page.getByTestId("site-row")).toContainText("Connected");
  await expect(page.getByTestId("site-row")).toContainText("Application Password");
});
