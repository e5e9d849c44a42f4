// Billing against stripe-mock: the owner changes plan through Checkout (the browser is
// sent to the session's URL, which the test answers as Stripe would: back to the
// Billing page), then Stripe's signed webhook (signed here with the e2e server's
// webhook secret) moves the workspace to Pro and the page shows it live, without a
// reload. The ledger lists the sign-up grant and downloads as CSV.
import { test, expect } from "@playwright/test";
import { createHmac } from "node:crypto";
import { base, must, signInAs, signup, suToken } from "./helpers";
import { STRIPE_WEBHOOK_SECRET } from "./global-setup";

/** A Stripe event posted to the webhook with a valid Stripe-Signature. */
async function sendStripeEvent(type: string, object: Record<string, unknown>) {
  const created = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    id: `evt_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`,
    object: "event",
    api_version: "2026-02-25.clover",
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    data: { object },
  });
  const sig = createHmac("sha256", STRIPE_WEBHOOK_SECRET).update(`${created}.${payload}`).digest("hex");
  const r = await fetch(`${base}/api/igny8/billing/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": `t=${created},v1=${sig}` },
    body: payload,
  });
  return { status: r.status, body: await r.json() };
}

test("change plan through Checkout; the signed webhook changes it on screen live", async ({ page }) => {
  expect(process.env.IGNY8_E2E_STRIPE, "stripe-mock is not in .test-env: run `bash scripts/test-setup.sh`").toBe("1");
  const owner = await signup({ prefix: "billing", workspace: "Billing Co" });
  // the operator's `igny8 billing sync-plans` stores each plan's price id; stripe-mock keeps no state
  const pro = await must<{ items: { id: string }[] }>("GET", `/api/collections/plans/records?filter=${encodeURIComponent('code = "pro"')}`, suToken());
  await must("PATCH", `/api/collections/plans/records/${pro.items[0]!.id}`, suToken(), { stripe_price_id: "price_e2e_pro" });

  // Stripe's hosted Checkout: answered as Stripe does after a payment, back to the success URL
  let checkoutOpened = "";
  await page.route(/^https:\/\/checkout\.stripe\.com\//, async (route) => {
    checkoutOpened = route.request().url();
    await route.fulfill({ status: 302, headers: { location: `${base}/t/${owner.tenant.slug}/billing?checkout=success&session_id=cs_test_e2e` } });
  });
  await signInAs(page, owner);
  await page.goto(`/t/${owner.tenant.slug}/billing`);
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByTestId("plan-name")).toHaveText("Trial");
  await expect(page.getByTestId("ledger-row").first()).toBeVisible(); // the sign-up grant
  await expect(page.getByRole("link", { name: "Billing" })).not.toContainText("soon");

  await page.getByTestId("plan-pro").getByRole("button", { name: "Switch to Pro" }).click();
  await expect(page.getByTestId("checkout-return")).toContainText("the payment went through");
  expect(checkoutOpened).toMatch(/^https:\/\/checkout\.stripe\.com\//);
  await expect(page.getByTestId("plan-name")).toHaveText("Trial");

  // from here on, no reload: a marker on the window must survive the update
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const tenant = await must<{ stripe_customer_id: string }>("GET", `/api/collections/tenants/records/${owner.tenant.id}`, suToken());
  expect(tenant.stripe_customer_id, "the checkout created the Stripe customer").not.toBe("");
  const sent = await sendStripeEvent("customer.subscription.created", {
    id: "sub_e2e_pro",
    object: "subscription",
    customer: tenant.stripe_customer_id,
    status: "active",
    metadata: { igny8_tenant: owner.tenant.id, igny8_plan: "pro" },
    items: { object: "list", data: [{ id: "si_e2e", object: "subscription_item", price: { id: "price_e2e_pro", object: "price", lookup_key: "igny8_plan_pro" } }] },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  expect(sent.body.status).toBe("processed");

  await expect(page.getByTestId("plan-name")).toHaveText("Pro");
  await expect(page.getByTestId("usage-sites")).toContainText("/ 5");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page.getByTestId("plan-pro")).toContainText("Current plan");

  // a forged signature changes nothing
  const forged = await fetch(`${base}/api/igny8/billing/webhook`, { method: "POST", headers: { "stripe-signature": "t=1,v1=00" }, body: "{}" });
  expect(forged.status).toBe(400);

  // the ledger as CSV from the server
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`credit-ledger-${owner.tenant.id}.csv`);
});
