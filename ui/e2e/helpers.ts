// Seeding and sign-in through the API (only auth.spec.ts signs in through the UI).
import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const base = `http://127.0.0.1:${process.env.IGNY8_E2E_PORT ?? 18990}`;

export interface Session {
  token: string;
  record: { id: string; email: string; name: string; verified: boolean } & Record<string, unknown>;
  tenant: { id: string; slug: string; name: string };
  email: string;
  password: string;
}

let seq = 0;
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${++seq}@e2e.igny8.test`;
}

export async function api<T = unknown>(method: string, path: string, token = "", body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function must<T = unknown>(method: string, path: string, token = "", body?: unknown): Promise<T> {
  const r = await api<T>(method, path, token, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Signs up a new owner with their own workspace through the real sign-up route. */
export async function signup(opts: { prefix?: string; workspace?: string; name?: string } = {}): Promise<Session> {
  const email = uniqueEmail(opts.prefix ?? "owner");
  const password = "e2e-password-123";
  const r = await must<{ token: string; record: Session["record"]; meta: { tenant: Session["tenant"] } }>("POST", "/api/igny8/auth/signup", "", {
    email,
    password,
    name: opts.name ?? "E2E Owner",
    workspace: opts.workspace ?? `E2E ${seq}`,
  });
  return { token: r.token, record: r.record, tenant: r.meta.tenant, email, password };
}

/** Puts s's workspace on another plan (as the operator would in the admin UI); Trial allows 1 user. */
export async function setPlan(s: Session, code: string) {
  const plans = await must<{ items: { id: string }[] }>("GET", `/api/collections/plans/records?filter=${encodeURIComponent(`code = "${code}"`)}`, suToken());
  await must("PATCH", `/api/collections/tenants/records/${s.tenant.id}`, suToken(), { plan: plans.items[0]!.id });
}

/** A second user who accepted an invitation to s's workspace with role (the workspace moves to Agency for the seat). */
export async function invitedMember(owner: Session, role: "viewer" | "editor" | "admin"): Promise<Session> {
  await setPlan(owner, "agency");
  const member = await signup({ prefix: role, name: `E2E ${role}` });
  const inv = await must<{ id: string; link: string }>("POST", `/api/igny8/workspaces/${owner.tenant.id}/members`, owner.token, { email: member.email, role });
  const token = new URL(inv.link).searchParams.get("token") ?? "";
  await must("POST", `/api/igny8/invitations/${inv.id}/accept`, member.token, { token });
  return member;
}

/** Makes page signed in as s: the SDK's auth store in localStorage, before any script runs. */
export async function signInAs(page: Page, s: Session) {
  await page.addInitScript(
    ([token, record]) => {
      if (!sessionStorage.getItem("igny8.e2e.seeded")) {
        localStorage.setItem("igny8.auth", JSON.stringify({ token, record }));
        sessionStorage.setItem("igny8.e2e.seeded", "1");
      }
    },
    [s.token, s.record] as const,
  );
}

/** The superuser's token (global setup), for reading the mail log. */
export const suToken = () => process.env.IGNY8_E2E_SU_TOKEN ?? "";

/** The newest mail to address in the mail log (mail is off in the test server). */
export async function lastMail(to: string): Promise<{ subject: string; text: string; html: string }> {
  for (let i = 0; i < 50; i++) {
    const r = await must<{ items: { subject: string; text: string; html: string }[] }>(
      "GET",
      `/api/collections/mail_log/records?perPage=1&sort=-created&filter=${encodeURIComponent(`to ~ "${to}"`)}`,
      suToken(),
    );
    if (r.items[0]) return r.items[0];
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no mail to ${to}`);
}

/** Collects Content-Security-Policy violations the page reports (call before goto). */
export async function watchCSP(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => {
    const inPage = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    return [...inPage, ...fromConsole];
  };
}

/** axe: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`),
    `${what}: axe violations`,
  ).toEqual([]);
}

/** Fails if the page scrolls sideways (responsive down to 375 px). */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(over, `${what} scrolls sideways by ${over}px`).toBeLessThanOrEqual(0);
}

/** A test WordPress's address and administrator Application Password (WP1, WP2 or WPX, the index's):
 * the environment, else the checkout's .test-env (scripts/test-setup.d/30-wordpress.sh). */
export function testWordPress(which: "WP1" | "WP2" | "WPX"): { url: string; user: string; pass: string; auth: string } {
  const env: Record<string, string> = {};
  const prefix = `IGNY8_TEST_${which}_`;
  try {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
    for (const line of readFileSync(path.join(root, ".test-env"), "utf8").split("\n")) {
      if (line.startsWith(prefix)) {
        const i = line.indexOf("=");
        env[line.slice(0, i)] = line.slice(i + 1).replace(/^'(.*)'$/, "$1");
      }
    }
  } catch {
    /* no .test-env: the environment must have them */
  }
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith(prefix) && v) env[k] = v;
  const url = env[`${prefix}URL`];
  const pass = env[`${prefix}APP_PASSWORD`];
  if (!url || !pass) throw new Error(`${prefix}URL is not set: run make test-setup`);
  const user = env[`${prefix}USER`] ?? "admin";
  return { url, user, pass, auth: "Basic " + Buffer.from(`${user}:${pass}`).toString("base64") };
}

/** A site of s's workspace on the test WordPress, connected over core REST (the check passed). */
export async function connectedSite(s: Session, which: "WP1" | "WP2" | "WPX", name: string): Promise<string> {
  const wp = testWordPress(which);
  const site = await must<{ id: string }>("POST", "/api/collections/sites/records", s.token, { tenant: s.tenant.id, name, url: wp.url });
  await must("PUT", `/api/igny8/sites/${site.id}/credentials`, s.token, { transport: "rest", wp_username: wp.user, app_password: wp.pass });
  const check = await must<{ ok: boolean }>("POST", `/api/igny8/sites/${site.id}/check`, s.token);
  if (!check.ok) throw new Error(`the check of ${wp.url} failed: ${JSON.stringify(check)}`);
  return site.id;
}

/** Waits for job to finish and answers it; throws when it failed. */
export async function jobDone(s: Session, job: string, timeout = 120_000): Promise<{ id: string; status: string; result: unknown; error: string }> {
  const end = Date.now() + timeout;
  for (;;) {
    const j = await must<{ id: string; status: string; result: unknown; error: string }>("GET", `/api/collections/jobs/records/${job}`, s.token);
    if (j.status === "succeeded") return j;
    if (j.status === "failed" || j.status === "canceled") throw new Error(`job ${job} ${j.status}: ${j.error}`);
    if (Date.now() > end) throw new Error(`job ${job} still ${j.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const flowShots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "test-results", "screenshots");

/** Screenshots of a populated page as test-results/screenshots/flow-<name>-<scheme>-<width>.png,
 * light and dark at 1280 and 375 px, each checked with axe (1280) and for sideways scroll (375). */
export async function shootFlow(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(100);
    await expectAccessible(page, `${name} ${scheme} 1280`);
    await page.screenshot({ path: path.join(flowShots, `flow-${name}-${scheme}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(250);
    await expectNoSidewaysScroll(page, `${name} ${scheme} 375`);
    await page.screenshot({ path: path.join(flowShots, `flow-${name}-${scheme}-375.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}
