// Starts the igny8 binary (built by scripts/ui.sh e2e into ../.cache/e2e/igny8 from
// this checkout, pb_public/dist embedded) on a fresh data dir with the dev AI
// provider, creates a superuser and signs it in the way an operator without mail
// does (the code on the terminal), then opens the rate limiter for 127.0.0.1 (every
// test signs up from there; sign-up is 5 per hour per IP) and sets the Application
// URL, so mail and invitation links point at this server. Returns the teardown.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, rmSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { FullConfig } from "@playwright/test";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
export const SU_EMAIL = "e2e-operator@igny8.test";
export const SU_PASS = "e2e-operator-pass-2026";
/** The webhook secret of the e2e server; billing.spec.ts signs its Stripe events with it. */
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e_igny8";

/** stripe-mock of this checkout (scripts/test-setup.d/50-stripe-mock.sh wrote it to .test-env). */
function stripeMockURL(): string {
  if (process.env.IGNY8_TEST_STRIPE_URL) return process.env.IGNY8_TEST_STRIPE_URL;
  try {
    const line = readFileSync(path.join(root, ".test-env"), "utf8").split("\n").filter((l) => l.startsWith("IGNY8_TEST_STRIPE_URL=")).pop();
    return line ? line.slice("IGNY8_TEST_STRIPE_URL=".length).trim() : "";
  } catch {
    return "";
  }
}

async function waitHealthy(base: string, child: { exitCode: number | null }, log: string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`igny8 exited (${child.exitCode}):\n${readFileSync(log, "utf8").slice(-3000)}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`igny8 did not answer /api/health:\n${readFileSync(log, "utf8").slice(-3000)}`);
}

async function json(base: string, method: string, p: string, token: string, body?: unknown) {
  const r = await fetch(base + p, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function superuserToken(base: string, log: string): Promise<string> {
  const pw = await json(base, "POST", "/api/collections/_superusers/auth-with-password", "", { identity: SU_EMAIL, password: SU_PASS });
  if (pw.status !== 401 || !pw.body?.mfaId) throw new Error(`superuser password sign-in: ${pw.status}`);
  const otp = await json(base, "POST", "/api/collections/_superusers/request-otp", "", { email: SU_EMAIL });
  const want = `sign-in code for superuser ${SU_EMAIL}: `;
  let code = "";
  for (let i = 0; i < 100 && !code; i++) {
    for (const line of readFileSync(log, "utf8").split("\n")) {
      const j = line.indexOf(want);
      if (j >= 0) code = line.slice(j + want.length).trim();
    }
    if (!code) await new Promise((r) => setTimeout(r, 100));
  }
  if (!code) throw new Error("no superuser sign-in code in the server log");
  const a = await json(base, "POST", "/api/collections/_superusers/auth-with-otp", "", { otpId: otp.body.otpId, password: code, mfaId: pw.body.mfaId });
  if (a.status !== 200) throw new Error(`superuser OTP sign-in: ${a.status}`);
  return a.body.token as string;
}

export default async function globalSetup(config: FullConfig) {
  const base = config.projects[0]!.use.baseURL!;
  const port = new URL(base).port;
  const bin = process.env.IGNY8_E2E_BIN ?? path.join(root, ".cache", "e2e", "igny8");
  const dir = path.join(root, ".cache", "e2e", `data-${port}`);
  const log = path.join(root, ".cache", "e2e", `server-${port}.log`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync(bin, ["superuser", "upsert", SU_EMAIL, SU_PASS, "--dir", dir], { stdio: "ignore" });
  const out = openSync(log, "w");
  const child = spawn(bin, ["serve", "--http", `127.0.0.1:${port}`, "--dir", dir], {
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      IGNY8_AI: "dev",
      IGNY8_AI_DEV_LATENCY: process.env.IGNY8_AI_DEV_LATENCY ?? "700ms",
      IGNY8_SIGNUP_CREDITS: "immediate",
      IGNY8_WORKERS: "2",
      IGNY8_DEMO: "",
      OPENAI_API_KEY: "",
      RUNWARE_API_KEY: "",
      // Stripe is stripe-mock (billing.spec.ts); without it the Stripe routes answer 503 and billing.spec fails saying why.
      ...(stripeMockURL() ? { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_API_URL: stripeMockURL(), STRIPE_WEBHOOK_SECRET } : { STRIPE_SECRET_KEY: "" }),
    },
  });
  await waitHealthy(base, child, log);
  const su = await superuserToken(base, log);
  const s = await json(base, "GET", "/api/settings", su);
  const rateLimits = { ...s.body.rateLimits, excludedIPs: ["127.0.0.1"] };
  const meta = { ...s.body.meta, appURL: base };
  const patched = await json(base, "PATCH", "/api/settings", su, { rateLimits, meta });
  if (patched.status !== 200) throw new Error(`settings: ${patched.status} ${JSON.stringify(patched.body)}`);
  process.env.IGNY8_E2E_SU_TOKEN = su;
  process.env.IGNY8_E2E_SERVER_LOG = log;
  process.env.IGNY8_E2E_STRIPE = stripeMockURL() ? "1" : "";
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
}
