// The app shell: user data renders as text, the workspace switcher shows only the
// chosen workspace's data, viewers see no write action, the jobs tray and the
// credits badge follow realtime, the keyboard reaches everything.
import { test, expect } from "@playwright/test";
import { invitedMember, must, setPlan, signInAs, signup } from "./helpers";

const XSS = "<img src=x onerror=alert(1)>";

test("a workspace named like markup renders as text", async ({ page }) => {
  const s = await signup({ prefix: "xss", workspace: XSS, name: "Eve" });
  let dialog = false;
  page.on("dialog", async (d) => {
    dialog = true;
    await d.dismiss();
  });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/dashboard`);
  await expect(page.getByTestId("tenant-switcher")).toContainText(XSS);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.locator("main")).toContainText(XSS);
  await page.getByTestId("tenant-switcher").click();
  await expect(page.getByRole("menuitemradio", { name: new RegExp(XSS.replace(/[()]/g, "\\$&")) })).toBeVisible();
  await page.keyboard.press("Escape");
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialog).toBe(false);
});

test("the switcher shows only the chosen workspace's data; a viewer sees no write action", async ({ page }) => {
  const a = await signup({ prefix: "ta", workspace: "Alpha Agency" });
  const b = await signup({ prefix: "tb", workspace: "Beta Blog" });
  for (const [s, site, kws] of [
    [a, "alpha.example", ["alpha one", "alpha two", "alpha three"]],
    [b, "beta.example", ["beta one"]],
  ] as const) {
    const st = await must<{ id: string }>("POST", "/api/collections/sites/records", s.token, { tenant: s.tenant.id, name: site, url: `https://${site}` });
    await must("POST", "/api/igny8/planner/keywords", s.token, { site: st.id, keywords: kws });
  }
  // The viewer is a member of Alpha (viewer) and owns a workspace of its own.
  const v = await invitedMember(a, "viewer");
  await signInAs(page, v);
  await page.goto(`/t/${a.tenant.slug}/dashboard`);
  const pipeline = page.getByTestId("pipeline");
  await expect(pipeline).toContainText("alpha.example");
  await expect(pipeline.getByRole("row", { name: /alpha\.example/ })).toContainText("3");
  await expect(page.getByTestId("workspace-banner")).toContainText("viewer");
  // No write action: no next-step links, no import.
  await expect(page.getByRole("link", { name: /Import keywords|Cluster the keywords/ })).toHaveCount(0);

  // Switch to the viewer's own workspace: Alpha's data is gone, the URL names the workspace.
  await page.getByTestId("tenant-switcher").click();
  await page.getByRole("menuitemradio", { name: /E2E/ }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${v.tenant.slug}/dashboard$`));
  await expect(page.getByText("No site yet")).toBeVisible();
  await expect(page.getByText("alpha.example")).toHaveCount(0);
  await expect(page.getByTestId("workspace-banner")).toHaveCount(0);

  // Beta's URL is not the viewer's: 404, nothing of Beta shown.
  await page.goto(`/t/${b.tenant.slug}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: /does not exist/ })).toBeVisible();
  await expect(page.getByText("beta.example")).toHaveCount(0);
});

test("the jobs tray and the dashboard follow realtime without a reload", async ({ page }) => {
  const s = await signup({ prefix: "tray" });
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", s.token, { tenant: s.tenant.id, name: "tray.example", url: "https://tray.example" });
  await must("POST", "/api/igny8/planner/keywords", s.token, { site: site.id, keywords: Array.from({ length: 12 }, (_, i) => `tray keyword ${i}`) });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/dashboard`);
  await expect(page.getByTestId("credits-badge")).toBeVisible();
  const before = await page.getByTestId("credits-badge").innerText();
  await page.getByTestId("jobs-tray").click();
  await expect(page.getByText("Nothing has run yet")).toBeVisible();
  // Sample the tray inside the page, every frame (Playwright's polling round trips miss
  // the short stages on a loaded machine), then enqueue through the API as another tab would.
  await page.evaluate(() => {
    const w = window as unknown as { __traySeen: string[] };
    w.__traySeen = [];
    const sample = () => {
      const job = document.querySelector('[data-testid="tray-job"]');
      const v = job ? `${job.getAttribute("data-status")}:${job.getAttribute("data-progress")}` : "";
      if (v && w.__traySeen[w.__traySeen.length - 1] !== v) w.__traySeen.push(v);
      if (!v.startsWith("succeeded")) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await must("POST", "/api/igny8/planner/cluster", s.token, { site: site.id });
  await expect(page.getByTestId("tray-job").first()).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { __traySeen: string[] }).__traySeen);
  // At least one intermediate state between queued and done was on screen.
  expect(seen.some((x) => x.startsWith("running:") && x !== "running:0" && x !== "running:100"), seen.join(" ")).toBe(true);
  await page.keyboard.press("Escape");
  // The balance changed by realtime too.
  await expect(page.getByTestId("credits-badge")).not.toHaveText(before);
});

test("keyboard: Ctrl+K opens the command palette, Enter goes, / focuses search", async ({ page }) => {
  const s = await signup({ prefix: "kbd" });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.keyboard.press("Control+k");
  const input = page.getByRole("combobox", { name: "Search pages and workspaces" });
  await expect(input).toBeFocused();
  await input.fill("jobs");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/t/${s.tenant.slug}/jobs$`));
  // Focus returns to the page; "/" opens the palette where the page has no search field.
  await page.keyboard.press("/");
  await expect(input).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(input).toBeHidden();
  // The skip link is the first stop of the keyboard.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
});

test("keyboard: Escape closes a dialog whose focus is on a button, and focus returns", async ({ page }) => {
  const s = await signup({ prefix: "esc" });
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", s.token, { tenant: s.tenant.id, name: "esc.example", url: "https://esc.example" });
  await must("POST", "/api/collections/tasks/records", s.token, { tenant: s.tenant.id, site: site.id, title: "Pour-over basics", status: "queued" });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/writer/tasks?site=${site.id}`);
  const open = page.getByRole("button", { name: "Generate Pour-over basics" });
  await open.click();
  const dialog = page.getByRole("dialog", { name: "Generate the article" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).focus();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});

test("accepting an invitation from its link joins the workspace", async ({ page }) => {
  const owner = await signup({ prefix: "inviter", workspace: "Gamma Group" });
  await setPlan(owner, "agency");
  const guest = await signup({ prefix: "guest" });
  const inv = await must<{ link: string }>("POST", `/api/igny8/workspaces/${owner.tenant.id}/members`, owner.token, { email: guest.email, role: "editor" });
  const link = new URL(inv.link);
  // Signed out, the link explains and leads to sign-in; signed in, one click joins.
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { level: 1, name: "You are invited to a workspace" })).toBeVisible();
  await signInAs(page, guest);
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "Join the workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${owner.tenant.slug}/dashboard$`));
  await expect(page.getByTestId("tenant-switcher")).toContainText("Gamma Group");
});
