// Keywords page timings in the browser (docs/PERFORMANCE.md "Web app"): a workspace
// with 100,000 keywords imported through the real import route, then Debian's
// Chromium on the built app measures, RUNS times each,
//   first page  navigation start → the 50th row of the keywords table on screen
//               (sign-in restored from storage, the app's JS loaded, the page
//               query with skipTotal and the separate count in flight);
//   page change click on "next page" → the first row of page 2 on screen.
// Prints p50/p95/max in ms. Usage: bash bench/ui.sh (builds and starts the binary).
// playwright-core comes with the web app's dev dependencies (ui/node_modules)
const { chromium } = await import(new URL("../../ui/node_modules/playwright-core/index.mjs", import.meta.url).href);

const base = process.env.IGNY8_BENCH_URL;
const rows = Number(process.env.ROWS ?? 100_000);
const runs = Number(process.env.RUNS ?? 15);

async function api(method, path, token, body, raw) {
  const r = await fetch(base + path, {
    method,
    headers: raw ? { ...(token ? { authorization: token } : {}) } : { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const s = await api("POST", "/api/igny8/auth/signup", "", { email: `bench-${Date.now()}@bench.igny8.test`, password: "bench-password-123", name: "Bench", workspace: `Bench ${Date.now()}` });
const token = s.token, tenant = s.meta.tenant.id, slug = s.meta.tenant.slug;
const site = await api("POST", "/api/collections/sites/records", token, { tenant, name: "bench.example", url: "https://bench.example" });
const words = ["coffee", "brew", "grinder", "espresso", "ratio", "beans", "roast", "kettle", "filter", "press", "cold", "best", "how", "to", "make", "cheap", "review", "vs"];
let csv = "Keyword,Intent,Volume,Keyword Difficulty,CPC (USD)\n";
for (let i = 0; i < rows; i++) {
  const a = words[i % words.length], b = words[(i * 7) % words.length], c = words[(i * 13) % words.length];
  csv += `${a} ${b} ${c} ${i},informational,${(i * 7919) % 50000},${i % 100},${((i % 300) / 100).toFixed(2)}\n`;
}
const t0 = Date.now();
const form = new FormData();
form.append("site", site.id);
form.append("async", "false");
form.append("file", new Blob([csv], { type: "text/csv" }), "bench.csv");
const imp = await api("POST", "/api/igny8/planner/import", token, undefined, form);
console.log(`imported ${imp.imported ?? "?"} keywords in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const browser = await chromium.launch({
  executablePath: process.env.IGNY8_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await ctx.addInitScript(([t, r]) => localStorage.setItem("igny8.auth", JSON.stringify({ token: t, record: r })), [token, s.record]);
const page = await ctx.newPage();
const url = `${base}/t/${slug}/planner/keywords`;
await page.goto(url); // warm the HTTP cache once, as a returning user has it
await page.locator("table tbody tr").nth(49).waitFor();
const first = [], change = [];
for (let i = 0; i < runs; i++) {
  await page.goto(url);
  await page.locator("table tbody tr").nth(49).waitFor();
  first.push(await page.evaluate(() => performance.now()));
  const before = await page.locator("table tbody tr").first().innerText();
  const ms = await page.evaluate(async (prev) => {
    const next = document.querySelector('nav[aria-label="Pages"] button[aria-label^="Next"], button[aria-label="Next page"]');
    if (!next) throw new Error("no next-page button");
    const start = performance.now();
    next.click();
    await new Promise((res) => {
      const check = () => {
        const row = document.querySelector("table tbody tr");
        if (row && row.innerText !== prev) res();
        else requestAnimationFrame(check);
      };
      check();
    });
    return performance.now() - start;
  }, before);
  change.push(ms);
}
await browser.close();
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
console.log(`keywords: ${rows} in the workspace, ${runs} runs`);
console.log(`first page (navigation → 50 rows): ${fmt(first)}`);
console.log(`page change (click → page 2):      ${fmt(change)}`);
