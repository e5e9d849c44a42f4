// Notifications: an invitation of someone who already has an account shows on their
// bell live (realtime, no reload), lists on the Notifications page with the link to
// where it is answered, and is marked read; nobody else sees it.
import { test, expect } from "@playwright/test";
import { must, setPlan, signInAs, signup } from "./helpers";

test("an invitation notifies the invitee live; mark read", async ({ page }) => {
  const owner = await signup({ prefix: "notify-owner", workspace: "Inviting Co" });
  await setPlan(owner, "agency");
  const invitee = await signup({ prefix: "notify-invitee", workspace: "Invitee Co" });
  await signInAs(page, invitee);
  await page.goto(`/t/${invitee.tenant.slug}/dashboard`);
  const bell = page.getByTestId("notifications-bell");
  await expect(bell).toHaveAccessibleName("Notifications");
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await must("POST", `/api/igny8/workspaces/${owner.tenant.id}/members`, owner.token, { email: invitee.email, role: "editor" });
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  await bell.click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const item = page.getByTestId("notification");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("You are invited to “Inviting Co” as editor.");
  await expect(item.getByRole("link", { name: "See the invitation" })).toHaveAttribute("href", "/invitations");
  await item.getByRole("button", { name: "Mark read" }).click();
  await expect(item).toHaveAttribute("data-read", "true");
  await expect(bell).toHaveAccessibleName("Notifications");

  // the inviter's own list is empty: a notification is its user's alone
  const theirs = await must<{ totalItems: number }>("GET", "/api/collections/notifications/records", owner.token);
  expect(theirs.totalItems).toBe(0);

  // delete asks first
  await item.getByRole("button", { name: "Delete notification" }).click();
  await page.getByRole("button", { name: "Delete notification" }).last().click();
  await expect(page.getByText("No notification yet")).toBeVisible();
});
