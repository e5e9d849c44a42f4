// The Planner's acceptance flow against the real binary (dev AI provider with latency):
// a new owner adds a site, imports a Semrush-shaped CSV through the wizard fixing one
// column mapping, clusters with the cost shown first and watches the job's progress
// move through intermediate values in the jobs tray without a reload, generates ideas,
// and queues two to the Writer (the tests run in order: the second uses the first's
// workspace). A viewer of the same workspace sees no write action;
// a keyword and a cluster named <img src=x onerror=alert(1)> render as text; axe finds
// nothing serious on the populated pages; screenshots of each go to
// test-results/screenshots/flow-*.png (light and dark, 1280 and 375 px; pages.spec.ts
// shoots the same pages nearly empty).
import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, invitedMember, must, signInAs, signup, type Session, shootFlow } from "./helpers";

const XSS = "<img src=x onerror=alert(1)>";

// "Vol. US" is no volume header the importer knows: the user maps it in the wizard.
const semrushCSV = [
  "Keyword,Intent,Vol. US,Trend,Keyword Difficulty,CPC (USD),Competitive Density,SERP Features,Number of Results",
  'cold brew ratio,informational,2400,"0.81,0.66,1.00",34,1.20,0.45,"Featured snippet, People also ask",12300000',
  'cold brew coffee maker,commercial,6600,"0.81,1.00,0.81",41,0.95,1.00,"Shopping ads",45600000',
  'how to make cold brew,informational,14800,"1.00,0.81,0.66",38,0.40,0.12,"Video",98000000',
  'cold brew concentrate,informational,1900,"0.66,0.81,1.00",29,0.85,0.33,"",5400000',
  'pour over coffee ratio,informational,1300,"0.81,0.81,0.81",22,0.30,0.08,"Featured snippet",8800000',
  'best pour over kettle,commercial,2900,"1.00,0.81,0.66",45,0.75,1.00,"Shopping ads",3100000',
  'pour over vs french press,informational,880,"0.66,0.66,0.81",27,0.20,0.05,"",2200000',
  'french press coffee ratio,informational,3600,"0.81,1.00,1.00",24,0.35,0.10,"Featured snippet",6600000',
  `${XSS},informational,10,"0.5",1,0.10,0.01,"",100`,
  ',informational,100,"0.5",5,0.10,0.01,"",100',
].join("\n");

/** Fails the test if any script of the page opens a dialog (an injected onerror=alert would). */
function noAlerts(page: Page) {
  page.on("dialog", async (d) => {
    await d.dismiss();
    throw new Error(`a dialog opened: ${d.message()}`);
  });
}

test.describe.configure({ mode: "serial" });

let owner: Session;
let siteId = "";

test("import, cluster with live progress, ideas, queue two to the Writer", async ({ page }) => {
  test.setTimeout(180_000);
  owner = await signup({ prefix: "planner", workspace: "Brew Content" });
  noAlerts(page);
  await signInAs(page, owner);
  const slug = owner.tenant.slug;

  // a new workspace has no site: the owner adds one on the spot
  await page.goto(`/t/${slug}/planner/keywords`);
  await page.getByLabel("Name").fill("Brew Blog");
  await page.getByLabel("Address").fill("https://brew.example.com");
  await page.getByRole("button", { name: "Add site" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Keywords" })).toBeVisible();
  await expect(page.getByText("No keywords yet")).toBeVisible();

  // the wizard: the server reads the file, the user fixes the volume column
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("Choose the export file").setInputFiles({ name: "semrush-export.csv", mimeType: "text/csv", buffer: Buffer.from(semrushCSV) });
  await expect(page.getByTestId("import-detected")).toContainText("From Semrush");
  await expect(page.getByTestId("import-detected")).toContainText("1 will be rejected");
  const volume = page.getByLabel("Search volume");
  await expect(volume).toHaveValue("");
  await expect(page.getByRole("table", { name: /first 10 rows/ })).toContainText("Rejected: the keyword is empty");
  await volume.selectOption("Vol. US");
  const rows = page.getByRole("table", { name: /first 10 rows/ });
  await expect(rows.getByRole("row").filter({ hasText: "how to make cold brew" })).toContainText("14800");
  await expect(rows).toContainText(XSS); // the preview shows it as text
  await shootFlow(page, "planner-import-mapping");
  await page.getByRole("button", { name: "Import 9 keywords" }).click();
  await expect(page.getByRole("main").getByText("9 keywords imported")).toBeVisible();
  const sites = await must<{ items: { id: string }[] }>("GET", `/api/collections/sites/records?filter=${encodeURIComponent(`tenant="${owner.tenant.id}"`)}`, owner.token);
  siteId = sites.items[0]!.id;
  await page.getByRole("button", { name: "See the keywords" }).click();

  // the keywords table, sorted by volume on the server; the mapped column arrived
  const table = page.getByRole("table", { name: /Keywords of Brew Blog/ });
  await expect(table.getByRole("row").nth(1)).toContainText("how to make cold brew");
  await expect(table.getByRole("row").nth(1)).toContainText("14,800");
  await expect(table.getByText(XSS, { exact: true })).toBeVisible();
  await expect(page.locator("img[src='x']")).toHaveCount(0);
  await shootFlow(page, "planner-keywords");

  // clustering: the server's estimate first, then the job's progress live in the tray
  await page.getByRole("button", { name: "Cluster new keywords" }).click();
  const dialog = page.getByRole("dialog", { name: /Cluster the new keywords/ });
  await expect(dialog.getByTestId("cost-preview")).toContainText("≈ 1 credit · balance 25 → 24");
  // In the page itself (Playwright's round trips are slow on a loaded machine): click,
  // open the tray as soon as the dialog closes, and record every progress value the
  // tray renders, sampled each frame, until the job has succeeded.
  const seen = await page.evaluate(async () => {
    const values: string[] = [];
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const button = [...document.querySelectorAll("dialog button")].find((b) => b.textContent?.includes("Cluster 9 keywords")) as HTMLButtonElement;
    button.click();
    while (document.querySelector("dialog[open]")) await frame();
    (document.querySelector('[data-testid="jobs-tray"]') as HTMLButtonElement).click();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const job = document.querySelector('[data-testid="tray-job"]');
      const v = job ? `${job.getAttribute("data-status")}:${job.getAttribute("data-progress")}` : "";
      if (v && values[values.length - 1] !== v) values.push(v);
      if (v.startsWith("succeeded")) break;
      await frame();
    }
    return values;
  });
  expect(seen[seen.length - 1], `tray: ${seen.join(" → ")}`).toBe("succeeded:100");
  const between = seen.map((v) => Number(v.split(":")[1])).filter((p) => p > 0 && p < 100);
  expect(between.length, `progress seen in the tray without a reload: ${seen.join(" → ")}`).toBeGreaterThanOrEqual(1);
  await expect(dialog).toBeHidden();
  await page.keyboard.press("Escape");

  // clusters: their receipts, rename to a hostile name (rendered as text), ideas with their cost
  await page.getByRole("link", { name: "Clusters", exact: true }).click();
  const card = page.getByTestId("cluster-card").first();
  await expect(card).toContainText("Why these belong together");
  await card.getByRole("button", { name: /^Rename/ }).click();
  await card.getByLabel("Cluster name").fill(XSS);
  await card.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: XSS, exact: true })).toBeVisible();
  await expect(page.locator("img[src='x']")).toHaveCount(0);
  const first = page.getByTestId("cluster-card").first();
  await expect(first.getByTestId("cost-preview")).toContainText("≈ 3 credits · balance 24 → 21");
  await shootFlow(page, "planner-clusters");
  await first.getByRole("button", { name: "Generate 3 ideas" }).click();
  await expect(page.getByText(/Generating ideas for/)).toBeVisible();

  // ideas arrive when the job is done (realtime), with their outlines; queue two
  await page.getByRole("link", { name: "Ideas", exact: true }).click();
  await expect(page.getByTestId("idea-card").nth(1)).toBeVisible({ timeout: 60_000 });
  const idea = page.getByTestId("idea-card").first();
  await idea.getByRole("button", { name: /^Outline/ }).click();
  await expect(idea.getByRole("list").first()).toBeVisible();
  await shootFlow(page, "planner-ideas");
  const boxes = page.getByRole("checkbox", { name: /^Select / });
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole("button", { name: "Queue 2 to the Writer" }).click();
  await expect(page.getByText("2 ideas queued to the Writer")).toBeVisible(); // the toast
  const tasks = await must<{ totalItems: number }>("GET", `/api/collections/tasks/records?filter=${encodeURIComponent(`tenant="${owner.tenant.id}"`)}`, owner.token);
  expect(tasks.totalItems).toBe(2);

  // the jobs page: both jobs, live, with their outcome
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page.getByTestId("job-row")).toHaveCount(2);
  await expect(page.getByTestId("job-row").filter({ hasText: "Clustering keywords" })).toHaveAttribute("data-status", "succeeded");
  await shootFlow(page, "jobs");
});

test("a viewer sees the Planner and the Jobs without a single write action", async ({ page }) => {
  const viewer = await invitedMember(owner, "viewer");
  noAlerts(page);
  await signInAs(page, viewer);
  const slug = owner.tenant.slug;
  await page.goto(`/t/${slug}/planner/keywords?site=${siteId}`);
  await expect(page.getByRole("table", { name: /Keywords of/ })).toContainText("how to make cold brew");
  await expect(page.getByRole("table", { name: /Keywords of/ }).getByText(XSS, { exact: true }).first()).toBeVisible();
  await expect(page.locator("img[src='x']")).toHaveCount(0);
  for (const name of ["Paste keywords", "Cluster new keywords"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import CSV" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  await page.goto(`/t/${slug}/planner/clusters?site=${siteId}`);
  await expect(page.getByTestId("cluster-card").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: XSS, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Rename|^Generate/ })).toHaveCount(0);

  await page.goto(`/t/${slug}/planner/ideas?site=${siteId}`);
  await expect(page.getByTestId("idea-card").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Queue|^Edit|^Reject/ })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  await page.goto(`/t/${slug}/planner/import?site=${siteId}`);
  await expect(page.getByLabel("Choose the export file")).toHaveCount(0);

  await page.goto(`/t/${slug}/jobs`);
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Cancel|^Retry/ })).toHaveCount(0);
  await expectAccessible(page, "jobs as a viewer");
});
