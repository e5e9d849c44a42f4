// The igny8 Bridge plugin as a site owner installs it: the zip `make plugin`
// builds is uploaded through wp-admin on the test WordPress without the plugin
// (site 1 of scripts/test-setup.d/30-wordpress.sh), activated, the activation
// notice leads to Settings > igny8, the link token from this igny8 is pasted,
// the page shows who asks, and confirming links the site (WordPress calls this
// igny8 back at its Application URL). Screenshots go to test-results/screenshots/
// (bridge-*.png, committed under docs/screenshots/).
// The plugin is deleted through wp-admin at the end (its uninstall code runs).
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { must, signup } from "./helpers";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const shots = path.join(root, "ui", "test-results", "screenshots");

/** The test WordPress variables: the environment, else the checkout's .test-env. */
function wpEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  try {
    for (const line of readFileSync(path.join(root, ".test-env"), "utf8").split("\n")) {
      const m = /^(IGNY8_TEST_WP1_[A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
  } catch {
    /* no .test-env: the environment must have them */
  }
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith("IGNY8_TEST_WP1_") && v) env[k] = v;
  if (!env.IGNY8_TEST_WP1_URL || !env.IGNY8_TEST_WP1_CONTENT_DIR) throw new Error("IGNY8_TEST_WP1_URL is not set: run make test-setup");
  return env;
}

test("installs the Bridge plugin through wp-admin and links it", async ({ page }) => {
  test.setTimeout(180_000);
  const env = wpEnv();
  const wp = env.IGNY8_TEST_WP1_URL!;
  const siteName = path.basename(path.dirname(env.IGNY8_TEST_WP1_CONTENT_DIR!));
  mkdirSync(shots, { recursive: true });
  const zip = path.join(root, ".cache", "e2e", "igny8-bridge.zip");
  execFileSync("bash", [path.join(root, "scripts", "plugin-zip.sh"), zip]);

  // In igny8: a workspace with the site, and its link token (Sites → Connect with the plugin).
  const owner = await signup({ workspace: "Bridge E2E" });
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", owner.token, {
    tenant: owner.tenant.id, name: "Test blog", url: wp, transport: "rest",
  });
  const link = await must<{ token: string }>("POST", `/api/igny8/sites/${site.id}/link`, owner.token, {});

  // wp-admin: sign in, upload the zip, activate.
  await page.goto(`${wp}/wp-login.php`);
  await page.fill("#user_login", "admin");
  await page.fill("#user_pass", `igny8-admin-login-${siteName}`);
  await page.click("#wp-submit");
  await page.waitForURL(/wp-admin/);
  await page.goto(`${wp}/wp-admin/plugin-install.php?tab=upload`);
  await page.setInputFiles("#pluginzip", zip);
  await page.screenshot({ path: path.join(shots, "bridge-1-upload.png") });
  await page.click("#install-plugin-submit");
  await expect(page.getByText("Plugin installed successfully.")).toBeVisible();
  await page.getByRole("link", { name: "Activate Plugin" }).click();

  // The notice on the plugins page and the Settings link on the plugin's row.
  const notice = page.locator(".igny8-activated");
  await expect(notice).toContainText("Link it to your igny8 workspace");
  await expect(page.locator('tr[data-plugin="igny8-bridge/igny8-bridge.php"] a', { hasText: "Settings" })).toBeVisible();
  await page.screenshot({ path: path.join(shots, "bridge-2-activated.png") });
  await notice.getByRole("link", { name: "Settings → igny8" }).click();

  // The settings page: paste the token, review who asks, confirm.
  await expect(page.getByText("This site is not linked to igny8 yet.")).toBeVisible();
  await expect(page.getByText("Link token from igny8 (Sites → Connect with the plugin)")).toBeVisible();
  await page.fill("#igny8_token", link.token);
  await page.screenshot({ path: path.join(shots, "bridge-3-paste-token.png") });
  await page.getByRole("button", { name: "Review link" }).click();
  const asks = page.locator(".igny8-asks");
  await expect(asks).toContainText(`asks to link this site to its workspace "Bridge E2E"`);
  await expect(asks).toContainText(new URL(test.info().project.use.baseURL!).host.split(":")[0]!);
  await page.screenshot({ path: path.join(shots, "bridge-4-confirm.png") });
  await page.getByRole("button", { name: "Confirm link" }).click();
  await expect(page.locator(".igny8-success")).toContainText('Linked to igny8 at');
  await expect(page.locator(".igny8-success")).toContainText("Next step: in igny8, open Sites");
  await page.screenshot({ path: path.join(shots, "bridge-5-linked.png") });

  // Delete the plugin again (site 1 is the core-REST-only site of the Go tests).
  await page.goto(`${wp}/wp-admin/plugins.php`);
  const row = page.locator('tr[data-plugin="igny8-bridge/igny8-bridge.php"]');
  await row.getByRole("link", { name: /Deactivate/ }).click();
  page.once("dialog", (d) => d.accept());
  await row.getByRole("link", { name: /Delete/ }).click();
  // With scripts still loading WordPress asks on a page of its own.
  const yes = page.getByRole("button", { name: "Yes, delete these files and data" });
  if (await yes.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false)) {
    await yes.click();
  } else {
    await expect(page.getByText("igny8 Bridge was successfully deleted.")).toBeVisible({ timeout: 30_000 });
  }
  await expect(async () => {
    await page.goto(`${wp}/wp-admin/plugins.php`);
    await expect(page.locator('tr[data-plugin="igny8-bridge/igny8-bridge.php"]')).toHaveCount(0);
  }).toPass({ timeout: 30_000 });
});
