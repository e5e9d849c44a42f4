// Benchmarks (bash scripts/ui.sh bench): the e2e setup, one worker, bench/*.bench.ts.
import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

export default defineConfig({ ...base, testDir: "bench", testMatch: "*.bench.ts", workers: 1 });
