// Benchmark, not a test: realtime event to screen. Each clustering job saves its
// stages (5, 10, 35, 80 %, then done) through the jobs engine; the jobs tray shows
// each through the workspace's realtime subscription. For every change on screen
// the page records now - the record's `updated` (set by the server when it saved
// the change; same machine, same clock), so a sample is commit + broadcast + SSE +
// React render. Run: bash scripts/ui.sh bench
import { test } from "@playwright/test";
import { must, setPlan, signInAs, signup } from "../e2e/helpers";

test("realtime event to screen latency (jobs tray)", async ({ page }) => {
  test.setTimeout(300_000);
  const s = await signup({ prefix: "bench" });
  await setPlan(s, "agency"); // five sites
  const sites: string[] = [];
  for (let i = 0; i < 5; i++) {
    const st = await must<{ id: string }>("POST", "/api/collections/sites/records", s.token, { tenant: s.tenant.id, name: `bench${i}.example`, url: `https://bench${i}.example` });
    await must("POST", "/api/igny8/planner/keywords", s.token, { site: st.id, keywords: Array.from({ length: 20 }, (_, k) => `bench ${i} keyword ${k}`) });
    sites.push(st.id);
  }
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/dashboard`);
  await page.getByTestId("jobs-tray").click();
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    const seen = new Set<string>();
    new MutationObserver(() => {
      const now = Date.now();
      for (const li of document.querySelectorAll<HTMLElement>("[data-testid=tray-job]")) {
        const key = `${li.dataset.job}/${li.dataset.updated}`;
        if (seen.has(key) || !li.dataset.updated) continue;
        seen.add(key);
        w.__lat.push(now - Date.parse(li.dataset.updated.replace(" ", "T")));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-updated"] });
  });
  for (const site of sites) {
    await must("POST", "/api/igny8/planner/cluster", s.token, { site });
    await page.locator(`[data-testid=tray-job][data-status=succeeded]`).nth(sites.indexOf(site)).waitFor({ timeout: 60_000 });
  }
  const lat = (await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat)).sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
  console.log(`realtime event to screen (jobs tray): n=${lat.length} p50=${q(50)} ms p95=${q(95)} ms max=${lat[lat.length - 1]} ms`);
});
