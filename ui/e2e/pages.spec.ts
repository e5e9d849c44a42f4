// Every page of the app, light and dark, at 1280 and 375 px: axe reports no serious
// or critical violation, the Content-Security-Policy reports no violation, nothing
// scrolls sideways on a phone, and a screenshot of each goes to
// test-results/screenshots/ (a selection is committed under docs/screenshots/).
import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, expectNoSidewaysScroll, must, signInAs, signup, suToken, watchCSP, type Session } from "./helpers";
import path from "node:path";
import { fileURLToPath } from "node:url";

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "test-results", "screenshots");

interface PageCase {
  name: string;
  path: (s: Session) => string;
  /** Signed-in pages need a session. */
  auth: boolean;
  /** What shows the page is ready. */
  ready: (p: Page) => ReturnType<Page["getByRole"]>;
}

const h1 = (name: string | RegExp) => (p: Page) => p.getByRole("heading", { level: 1, name });

const pages: PageCase[] = [
  { name: "sign-in", path: () => "/sign-in", auth: false, ready: h1("Sign in") },
  { name: "sign-up", path: () => "/sign-up", auth: false, ready: h1("Create your workspace") },
  { name: "forgot-password", path: () => "/forgot-password", auth: false, ready: h1("Reset your password") },
  { name: "reset-password", path: () => "/reset-password/some-token", auth: false, ready: h1("Choose a new password") },
  { name: "verify-email", path: () => "/verify/not-a-token", auth: false, ready: h1("Email verification") },
  { name: "invite", path: () => "/?invite=abc&token=def", auth: false, ready: h1("You are invited to a workspace") },
  { name: "not-found", path: () => "/no/such/page", auth: false, ready: h1(/does not exist/) },
  { name: "dashboard", path: (s) => `/t/${s.tenant.slug}/dashboard`, auth: true, ready: h1("Dashboard") },
  { name: "planner-keywords", path: (s) => `/t/${s.tenant.slug}/planner/keywords`, auth: true, ready: (p) => p.getByRole("heading", { level: 1 }) },
  { name: "planner-clusters", path: (s) => `/t/${s.tenant.slug}/planner/clusters`, auth: true, ready: (p) => p.getByRole("heading", { level: 1 }) },
  { name: "planner-ideas", path: (s) => `/t/${s.tenant.slug}/planner/ideas`, auth: true, ready: (p) => p.getByRole("heading", { level: 1 }) },
  { name: "planner-import", path: (s) => `/t/${s.tenant.slug}/planner/import`, auth: true, ready: (p) => p.getByRole("heading", { level: 1 }) },
  { name: "jobs", path: (s) => `/t/${s.tenant.slug}/jobs`, auth: true, ready: (p) => p.getByRole("heading", { level: 1 }) },
  { name: "sites", path: (s) => `/t/${s.tenant.slug}/sites`, auth: true, ready: h1("Sites") },
  { name: "site", path: (s) => `/t/${s.tenant.slug}/sites/${siteId}`, auth: true, ready: h1("acme.example") },
  { name: "site-optimizer", path: (s) => `/t/${s.tenant.slug}/sites/${siteId}/optimizer`, auth: true, ready: (p) => p.getByRole("row", { name: /Old running shoes/ }) },
  { name: "site-index", path: (s) => `/t/${s.tenant.slug}/sites/${siteId}/pages`, auth: true, ready: h1("Site index") },
  { name: "site-links", path: (s) => `/t/${s.tenant.slug}/sites/${siteId}/links`, auth: true, ready: h1("Internal links") },
  { name: "writer-tasks", path: (s) => `/t/${s.tenant.slug}/writer/tasks`, auth: true, ready: h1("Writer") },
  { name: "writer-article", path: (s) => `/t/${s.tenant.slug}/writer/contents/${contentId}`, auth: true, ready: (p) => p.getByRole("textbox", { name: /^Text of / }) },
  { name: "writer-article-preview", path: (s) => `/t/${s.tenant.slug}/writer/contents/${contentId}?tab=preview`, auth: true, ready: (p) => p.getByTitle(/^Preview of /) },
  { name: "writer-article-links", path: (s) => `/t/${s.tenant.slug}/writer/contents/${contentId}?tab=links`, auth: true, ready: (p) => p.getByRole("heading", { name: "Internal links" }) },
  { name: "writer-article-versions", path: (s) => `/t/${s.tenant.slug}/writer/contents/${contentId}?tab=versions`, auth: true, ready: (p) => p.getByRole("list", { name: "Versions" }) },
  { name: "writer-article-publish", path: (s) => `/t/${s.tenant.slug}/writer/contents/${contentId}?tab=publish`, auth: true, ready: (p) => p.getByRole("heading", { name: "Schedule" }) },
  { name: "team", path: (s) => `/t/${s.tenant.slug}/team`, auth: true, ready: h1("Team") },
  { name: "billing", path: (s) => `/t/${s.tenant.slug}/billing`, auth: true, ready: h1("Billing") },
  { name: "notifications", path: (s) => `/t/${s.tenant.slug}/notifications`, auth: true, ready: h1("Notifications") },
  { name: "thinker-prompts", path: (s) => `/t/${s.tenant.slug}/thinker/prompts`, auth: true, ready: h1("Prompts") },
  { name: "thinker-prompt", path: (s) => `/t/${s.tenant.slug}/thinker/prompts/content_section`, auth: true, ready: h1("Article section") },
  { name: "thinker-personas", path: (s) => `/t/${s.tenant.slug}/thinker/personas`, auth: true, ready: h1("Personas") },
  { name: "thinker-strategies", path: (s) => `/t/${s.tenant.slug}/thinker/strategies`, auth: true, ready: h1("Strategies") },
  { name: "thinker-playground", path: (s) => `/t/${s.tenant.slug}/thinker/playground`, auth: true, ready: h1("Playground") },
  { name: "settings", path: (s) => `/t/${s.tenant.slug}/settings`, auth: true, ready: h1("Settings") },
  { name: "account", path: (s) => `/t/${s.tenant.slug}/account`, auth: true, ready: h1("Account") },
  { name: "confirm-email-change", path: () => "/confirm-email-change/some-token", auth: false, ready: h1("Confirm your new email") },
  { name: "invitations", path: () => "/invitations", auth: true, ready: h1("Invitations") },
  { name: "workspace-not-found", path: () => "/t/not-my-workspace/dashboard", auth: true, ready: h1(/does not exist/) },
];

let owner: Session;
let siteId = "";
let contentId = "";

test.beforeAll(async () => {
  owner = await signup({ prefix: "pages", workspace: "Acme Content" });
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", owner.token, {
    tenant: owner.tenant.id,
    name: "acme.example",
    url: "https://acme.example",
  });
  siteId = site.id;
  const task = await must<{ id: string }>("POST", "/api/collections/tasks/records", owner.token, {
    tenant: owner.tenant.id,
    site: site.id,
    title: "How to choose running shoes",
    keywords: ["how to choose running shoes", "running shoe fit"],
    word_count_target: 1200,
    status: "done",
  });
  const content = await must<{ id: string }>("POST", "/api/collections/contents/records", owner.token, {
    tenant: owner.tenant.id,
    site: site.id,
    task: task.id,
    title: "How to choose running shoes",
    meta_title: "How to choose running shoes: fit, cushioning and terrain",
    meta_description: "Find running shoes that fit: measure your feet, match cushioning to your distance and pick the grip your trails need.",
    html: "<h2>Start with fit</h2><p>Measure both feet late in the day, when they are largest.</p><h2>Match the terrain</h2><p>Road shoes are smooth; trail shoes grip.</p><ul><li>Road</li><li>Trail</li></ul>",
  });
  contentId = content.id;
  await must("POST", "/api/igny8/planner/keywords", owner.token, {
    site: site.id,
    keywords: ["best running shoes", "running shoes for flat feet", "trail running shoes", "how to choose running shoes"],
  });
  // Optimizer: the scan's suggestions (seeded as the operator; nobody writes refreshes through the API)
  for (const r of [
    { content: content.id, title: "How to choose running shoes", url: "https://acme.example/how-to-choose-running-shoes/", reasons: [{ code: "thin", text: "64 words (thin: under 600)" }, { code: "falling_clicks", text: "clicks fell from 120 (2026-09) to 70 (2026-10)" }], score: 3 },
    { title: "Old running shoes reviews", url: "https://acme.example/old-running-shoes-reviews/", reasons: [{ code: "age", text: "last updated 412 days ago (refresh after 180 days)" }], score: 1 },
  ]) {
    await must("POST", "/api/collections/refreshes/records", suToken(), { tenant: owner.tenant.id, site: site.id, missing_keywords: [], status: "suggested", ...r });
  }
  // Thinker: a persona, a strategy and an override, so those pages show content
  await must("POST", "/api/collections/personas/records", owner.token, { tenant: owner.tenant.id, name: "Weekend runner", audience: "People who run 10 km on weekends", tone: "Encouraging", is_default: true });
  await must("POST", "/api/collections/strategies/records", owner.token, { tenant: owner.tenant.id, name: "House rules", rules: "Cite a source for every claim.", always_faq: true, active: true, never_mention: ["BrandX"] });
  await must("PUT", `/api/igny8/thinker/workspaces/${owner.tenant.id}/prompts/meta`, owner.token, { template: "Title: {{.Title}}\nKeyword: {{.Keyword}}\nWrite a short meta description." });
});

for (const pc of pages) {
  for (const scheme of ["light", "dark"] as const) {
    test(`${pc.name} (${scheme})`, async ({ page }) => {
      const violations = await watchCSP(page);
      if (pc.auth) await signInAs(page, owner);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(pc.path(owner));
      await expect(pc.ready(page)).toBeVisible();
      // The theme follows the system setting before the first paint (theme.js).
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(scheme === "dark");
      await page.waitForLoadState("load");
      await expect(page.getByRole("status", { name: /^Loading/ })).toHaveCount(0);
      // CSP first: axe itself evaluates code, which the policy rightly reports.
      expect(await violations(), `${pc.name}: CSP violations`).toEqual([]);
      await expectAccessible(page, `${pc.name} ${scheme} 1280`);
      await page.screenshot({ path: path.join(shots, `${pc.name}-${scheme}-1280.png`), fullPage: true });
      await page.setViewportSize({ width: 375, height: 812 });
      await expect(pc.ready(page)).toBeVisible();
      await page.waitForTimeout(200); // the sidebar's drawer transition
      await expectNoSidewaysScroll(page, `${pc.name} ${scheme} 375`);
      await page.screenshot({ path: path.join(shots, `${pc.name}-${scheme}-375.png`), fullPage: true });
    });
  }
}
