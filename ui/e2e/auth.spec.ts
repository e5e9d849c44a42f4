// The one test that signs in through the UI, and the email flows (mail goes to the
// mail log while SMTP is off; the test reads it as the operator would).
import { test, expect } from "@playwright/test";
import { api, lastMail, must, signup, uniqueEmail } from "./helpers";

test("sign up, sign out and sign in through the UI", async ({ page }) => {
  const email = uniqueEmail("ui");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole("link", { name: "Create a workspace" }).click();
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill("Analytical Engines");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("At least 8 characters.")).toBeVisible();
  await page.getByLabel("Password").fill("a-long-password-1");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/t\/[a-z0-9-]+\/dashboard$/);
  await expect(page.getByTestId("tenant-switcher")).toHaveText(/Analytical Engines/);

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // A wrong password says so; the right one goes back to the page asked for.
  await page.goto("/t/nowhere/jobs");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(/email or password is wrong/);
  await page.getByLabel("Password").fill("a-long-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/t\/nowhere\/jobs$/);
  await expect(page.getByRole("heading", { level: 1, name: /does not exist/ })).toBeVisible();
});

test("forgot password: the link from the mail log resets it", async ({ page }) => {
  const s = await signup({ prefix: "reset" });
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(s.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("reset link is on its way");
  const mail = await lastMail(s.email);
  const link = /https?:\/\/[^\s"<]+\/reset-password\/[^\s"<]+/.exec(mail.text + mail.html)?.[0];
  expect(link, "the mail links to the app's reset page").toBeTruthy();
  await page.goto(link!);
  await page.getByLabel("New password", { exact: true }).fill("new-password-456");
  await page.getByLabel("New password again").fill("new-password-456");
  await page.getByRole("button", { name: "Set the password" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const ok = await api("POST", "/api/collections/users/auth-with-password", "", { identity: s.email, password: "new-password-456" });
  expect(ok.status).toBe(200);
});

test("email verification: the link from the mail log verifies", async ({ page }) => {
  const s = await signup({ prefix: "verify" });
  await must("POST", "/api/collections/users/request-verification", "", { email: s.email });
  const mail = await lastMail(s.email);
  const link = /https?:\/\/[^\s"<]+\/verify\/[^\s"<]+/.exec(mail.text + mail.html)?.[0];
  expect(link, "the mail links to the app's verification page").toBeTruthy();
  await page.goto(link!);
  await expect(page.getByRole("status")).toContainText("Your email is verified");
  const me = await must<{ record: { verified: boolean } }>("POST", "/api/collections/users/auth-refresh", s.token);
  expect(me.record.verified).toBe(true);
});
