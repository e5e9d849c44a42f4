// The Thinker: override a prompt, see the server refuse a broken template at the
// field, reset it to the default; personas; the playground runs two prompts side by
// side and shows output, tokens and credits.
import { test, expect } from "@playwright/test";
import { must, signInAs, signup } from "./helpers";

interface PromptView {
  type: string;
  overridden: boolean;
  template: string;
}

test("override a prompt, a broken one is refused at its field, reset to the default", async ({ page }) => {
  const s = await signup({ prefix: "thinker", workspace: "Thinker Co" });
  const prompts = () => must<{ items: PromptView[] }>("GET", `/api/igny8/thinker/workspaces/${s.tenant.id}/prompts`, s.token).then((r) => r.items.find((p) => p.type === "meta")!);
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/thinker/prompts`);
  await expect(page.getByRole("heading", { level: 1, name: "Prompts" })).toBeVisible();
  await page.getByRole("link", { name: "SEO meta" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "SEO meta" })).toBeVisible();
  // the variables the prompt may use are listed beside the editor
  await expect(page.getByRole("list", { name: "Variables" })).toContainText("{{.Excerpt}}");

  const template = page.getByLabel("Template (the user message)");
  await template.fill("Meta for {{.Titel}}");
  await page.getByRole("button", { name: "Save override" }).click();
  // the server's own message, at the field
  await expect(template).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/\.Titel \(the meta prompt can use Title, Keyword/)).toBeVisible();
  await template.fill("Meta for {{.Title");
  await page.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByText(/unclosed action|unexpected/)).toBeVisible();
  expect((await prompts()).overridden).toBe(false);

  await template.fill("Write the SEO metadata for this article.\nTitle: {{.Title}}\nKeyword: {{.Keyword}}\nKeep it short.");
  await page.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByText("SEO meta: the workspace's override is saved")).toBeVisible();
  await expect(page.getByText("Workspace override").first()).toBeVisible();
  await expect.poll(async () => (await prompts()).template).toContain("Keep it short.");

  await page.getByRole("button", { name: "Reset to default" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Reset SEO meta to the default?");
  await dialog.getByRole("button", { name: "Reset SEO meta" }).click();
  await expect(page.getByText("SEO meta is back to the system default")).toBeVisible();
  await expect(page.getByText("System default").first()).toBeVisible();
  expect((await prompts()).overridden).toBe(false);
});

test("personas: create, then delete after confirming", async ({ page }) => {
  const s = await signup({ prefix: "persona", workspace: "Persona Co" });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/thinker/personas`);
  await expect(page.getByText("No personas yet")).toBeVisible();
  await page.getByRole("button", { name: "New persona" }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Name").fill("Home barista");
  await form.getByLabel("Audience").fill("People who brew coffee at home");
  await form.getByLabel("Tone").fill("Warm");
  await form.getByRole("button", { name: "Create persona" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Home barista" })).toBeVisible();
  await page.getByRole("button", { name: "Delete Home barista" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete Home barista" }).click();
  await expect(page.getByText("No personas yet")).toBeVisible();
});

test("the playground runs two prompts side by side with tokens and credits", async ({ page }) => {
  const s = await signup({ prefix: "play", workspace: "Play Co" });
  // an override, so pane A (the workspace's) and pane B (the system default) differ
  await must("PUT", `/api/igny8/thinker/workspaces/${s.tenant.id}/prompts/meta`, s.token, {
    template: "Title: {{.Title}}\nKeyword: {{.Keyword}}\nWrite a playful meta description.",
  });
  const before = await must<{ plan_credits: number; topup_credits: number }>("GET", `/api/collections/tenants/records/${s.tenant.id}`, s.token);
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/thinker/playground?type=meta`);
  await expect(page.getByRole("heading", { level: 1, name: "Playground" })).toBeVisible();
  for (const label of ["A", "B"]) {
    const pane = page.getByTestId(`playground-${label}`);
    await expect(pane.getByLabel("Prompt")).toHaveValue("meta");
    await pane.getByLabel("Title").fill("Cold brew at home");
    await pane.getByLabel("Keyword", { exact: true }).fill("cold brew");
    await expect(pane.getByTestId("cost-preview")).toContainText("1 credit");
    await pane.getByRole("button", { name: `Run prompt ${label}` }).click();
    const result = pane.getByTestId("playground-result");
    await expect(result).toContainText("dev");
    await expect(result).toContainText("Credits");
    await expect(pane.getByTestId("playground-output")).not.toBeEmpty();
  }
  await page.getByTestId("playground-A").getByText("The prompt as sent").click();
  await expect(page.getByTestId("playground-A")).toContainText("Write a playful meta description.");
  await page.getByTestId("playground-B").getByText("The prompt as sent").click();
  await expect(page.getByTestId("playground-B")).toContainText("Write the SEO metadata for this article.");
  const after = await must<{ plan_credits: number; topup_credits: number }>("GET", `/api/collections/tenants/records/${s.tenant.id}`, s.token);
  expect(before.plan_credits + before.topup_credits - (after.plan_credits + after.topup_credits)).toBe(2);
});
