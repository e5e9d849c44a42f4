// Settings and Account: rename the workspace and move its address, set an AI key and
// see it only masked, two-factor sign-in refused while mail is off (the server's
// reason shown), sign out everywhere and see the other session rejected, change the
// email through the mailed link, delete a workspace after typing its name.
import { test, expect } from "@playwright/test";
import { api, lastMail, must, signInAs, signup } from "./helpers";

test("rename the workspace and move its address", async ({ page }) => {
  const s = await signup({ prefix: "rename", workspace: "Old Name" });
  const other = await signup({ prefix: "taken", workspace: "Taken" });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const address = page.getByLabel("Address");
  await address.fill(other.tenant.slug);
  await page.getByRole("button", { name: "Save workspace" }).click();
  await expect(address).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Another workspace uses this address; pick another.")).toBeVisible();

  const slug = `renamed-${Date.now().toString(36)}`;
  await page.getByLabel("Name", { exact: true }).fill("New Name Ltd");
  await address.fill(slug);
  await page.getByRole("button", { name: "Save workspace" }).click();
  await expect(page.getByText("Workspace settings saved")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/settings$`));
  await expect(page.getByTestId("tenant-switcher")).toContainText("New Name Ltd");
  const t = await must<{ name: string; slug: string }>("GET", `/api/collections/tenants/records/${s.tenant.id}`, s.token);
  expect(t).toMatchObject({ name: "New Name Ltd", slug });
});

test("the AI key is write-only and shown masked", async ({ page }) => {
  const s = await signup({ prefix: "aikey", workspace: "Key Co" });
  const key = "sk-e2e-very-secret-middle-9876";
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/settings`);
  await expect(page.getByTestId("ai-key-state")).toContainText("Not set");
  await page.getByLabel("Key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Save key" }).click();
  await expect(page.getByText("The workspace's AI key is set")).toBeVisible();
  await expect(page.getByTestId("ai-key-state")).toContainText("sk-…9876");
  await expect(page.getByLabel("Replace the key")).toHaveValue("");
  await page.reload();
  await expect(page.getByTestId("ai-key-state")).toContainText("sk-…9876");
  expect(await page.content()).not.toContain("very-secret-middle");
  // removing it confirms first
  await page.getByRole("button", { name: "Remove key" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove the key" }).click();
  await expect(page.getByTestId("ai-key-state")).toContainText("Not set");
});

test("two-factor needs mail; sign out everywhere rejects the other session", async ({ page, browser }) => {
  const s = await signup({ prefix: "sessions", workspace: "Sessions Co" });
  // a second browser, signed in with its own token
  const second = await must<{ token: string; record: typeof s.record }>("POST", "/api/collections/users/auth-with-password", "", { identity: s.email, password: s.password });
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, { ...s, token: second.token, record: second.record });
  await otherPage.goto(`/t/${s.tenant.slug}/dashboard`);
  await expect(otherPage.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/dashboard`);
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();

  // mail is off on the test server: the server's reason is shown, nothing changes
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("alert")).toContainText("mail is not configured");

  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(page.getByText("Every other session is signed out")).toBeVisible();
  // the other browser's token is dead: its next request returns it to sign-in
  expect((await api("POST", "/api/collections/users/auth-refresh", second.token)).status).toBe(401);
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();
  // this one stays signed in
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
});

test("change the email through the mailed link", async ({ page }) => {
  const s = await signup({ prefix: "email", workspace: "Email Co" });
  const next = `new-${s.email}`;
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/account`);
  await page.getByLabel("New email").fill(next);
  await page.getByRole("button", { name: "Send the confirmation link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "A confirmation link is on its way" })).toBeVisible();
  const mail = await lastMail(next);
  const link = /href="([^"]*\/confirm-email-change\/[^"]+)"/.exec(mail.html)?.[1];
  expect(link, "the mail links to the app's confirm page").toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await page.getByLabel("Your password").fill(s.password);
  await page.getByRole("button", { name: "Confirm the new email" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email changed" })).toBeVisible();
  expect((await api("POST", "/api/collections/users/auth-with-password", "", { identity: next, password: s.password })).status).toBe(200);
});

test("delete a workspace after typing its name", async ({ page }) => {
  const s = await signup({ prefix: "delete", workspace: "Doomed Co" });
  await signInAs(page, s);
  await page.goto(`/t/${s.tenant.slug}/settings`);
  await page.getByRole("button", { name: "Delete this workspace" }).click();
  const dialog = page.getByRole("alertdialog");
  const confirm = dialog.getByRole("button", { name: "Delete Doomed Co" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type Doomed Co").fill("Doomed");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type Doomed Co").fill("Doomed Co");
  await confirm.click();
  await expect(page.getByText("Workspace “Doomed Co” deleted")).toBeVisible();
  await expect(page).not.toHaveURL(new RegExp(`/t/${s.tenant.slug}/`));
  expect((await api("GET", `/api/collections/tenants/records/${s.tenant.id}`, s.token)).status).toBe(404);
});
