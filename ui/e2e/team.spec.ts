// Team: an owner invites an editor through the Team page (no mail on the test server:
// the page shows the link to pass on), revokes another invitation, the editor accepts
// from the link and sees only an editor's actions (on Team and on a site), the owner
// changes the editor's role and removes them; the last-owner rule is shown.
// Screenshots: test-results/screenshots/flow-team-*.png.
import { test, expect } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { must, setPlan, signInAs, signup, uniqueEmail } from "./helpers";

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "test-results", "screenshots");

test("invites an editor who accepts and sees only an editor's actions; roles change; members are removed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const owner = await signup({ prefix: "team", workspace: "Team E2E", name: "Olivia Owner" });
  await setPlan(owner, "agency"); // Trial has one seat
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", owner.token, { tenant: owner.tenant.id, name: "team.example", url: "https://team.example" });
  const editor = await signup({ prefix: "editor", name: "Eddie Editor" });

  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/team`);
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  const ownerRow = page.getByTestId("member-row").filter({ hasText: "Olivia Owner" });
  await expect(ownerRow).toContainText("(you)");
  await expect(ownerRow).toContainText("The only owner");
  await expect(ownerRow.getByRole("button", { name: "Leave" })).toBeDisabled();
  await expect(page.getByText("No pending invitations")).toBeVisible();

  // Invite the editor: without mail the page shows the link, once.
  await page.getByRole("button", { name: "Invite someone" }).first().click();
  let dlg = page.getByRole("dialog", { name: "Invite someone" });
  await dlg.getByLabel("Email").fill(editor.email);
  await dlg.getByLabel("Role").selectOption("editor");
  await dlg.getByRole("button", { name: "Send invitation" }).click();
  const linkDlg = page.getByRole("dialog", { name: `Invitation for ${editor.email}` });
  const link = await linkDlg.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\?invite=\w+&token=\w+/);
  await linkDlg.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("invitation-row")).toContainText(editor.email);

  // A second invitation, revoked after a confirmation.
  const other = uniqueEmail("nobody");
  await page.getByRole("button", { name: "Invite someone" }).first().click();
  dlg = page.getByRole("dialog", { name: "Invite someone" });
  await dlg.getByLabel("Email").fill(other);
  await dlg.getByRole("button", { name: "Send invitation" }).click();
  await page.getByRole("dialog", { name: `Invitation for ${other}` }).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("invitation-row")).toHaveCount(2);
  await page.getByRole("button", { name: `Revoke the invitation of ${other}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByTestId("invitation-row")).toHaveCount(1);
  await page.screenshot({ path: path.join(shots, "flow-team-invited-light-1280.png"), fullPage: true });

  // The editor accepts from the link, signed in.
  const ctx = await browser.newContext();
  const ed = await ctx.newPage();
  await signInAs(ed, editor);
  const u = new URL(link);
  await ed.goto(`/${u.search}`);
  await ed.getByRole("button", { name: "Join the workspace" }).click();
  await ed.waitForURL(`**/t/${owner.tenant.slug}/dashboard`);

  // Team as the editor: names and roles, only "Leave" for themselves; no invitations.
  await ed.goto(`/t/${owner.tenant.slug}/team`);
  const mine = ed.getByTestId("member-row").filter({ hasText: "Eddie Editor" });
  await expect(mine).toContainText("(you)");
  await expect(ed.getByTestId("member-row")).toHaveCount(2);
  await expect(ed.getByRole("button", { name: "Invite someone" })).toHaveCount(0);
  await expect(ed.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(ed.getByRole("combobox")).toHaveCount(0);
  await expect(ed.getByRole("heading", { name: /Pending invitations/ })).toHaveCount(0);
  await expect(mine.getByRole("button", { name: "Leave" })).toBeEnabled();
  // the owner's email is the owner's and admins' to see
  await expect(ed.getByText(owner.email)).toHaveCount(0);
  await ed.screenshot({ path: path.join(shots, "flow-team-editor-light-1280.png"), fullPage: true });

  // A site as the editor: reads the connection, defaults and schedules, changes none.
  await ed.goto(`/t/${owner.tenant.slug}/sites/${site.id}`);
  await expect(ed.getByRole("heading", { level: 1, name: "team.example" })).toBeVisible();
  await expect(ed.getByRole("button", { name: "Check connection" })).toHaveCount(0);
  await expect(ed.getByRole("button", { name: /Connect with/ })).toHaveCount(0);
  await expect(ed.getByRole("button", { name: /^Run now/ })).toHaveCount(0);
  await expect(ed.getByRole("button", { name: "Sync now" })).toHaveCount(0);
  await expect(ed.getByRole("switch")).toHaveCount(0);
  await expect(ed.getByText("Admins and owners change the defaults.")).toBeVisible();
  await ctx.close();

  // The owner changes the editor's role, then removes them after a confirmation.
  await page.reload();
  const edRow = page.getByTestId("member-row").filter({ hasText: "Eddie Editor" });
  await expect(edRow).toHaveAttribute("data-role", "editor");
  await edRow.getByLabel("Role of Eddie Editor").selectOption("admin");
  await expect(page.getByText("Eddie Editor is now admin")).toBeVisible();
  await expect(edRow).toHaveAttribute("data-role", "admin");
  await expect(page.getByTestId("invitation-row")).toHaveCount(0);
  await edRow.getByRole("button", { name: "Remove Eddie Editor" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove Eddie Editor" }).click();
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  const members = await must<{ items: { role: string }[] }>("GET", `/api/igny8/workspaces/${owner.tenant.id}/members`, owner.token);
  expect(members.items.map((m) => m.role)).toEqual(["owner"]);
});
