// @vitest-environment node
// The committed build (pb_public/dist, embedded in the binary) is what ui/ builds
// today: rebuild into a temporary folder and compare every file byte for byte.
// After a change in ui/, `make ui` and commit pb_public/dist.
import { describe, expect, it } from "vitest";
import { build } from "vite";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ui = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const committed = path.resolve(ui, "..", "pb_public", "dist");

function files(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel))
    .flatMap((n) => (statSync(path.join(dir, rel, n)).isDirectory() ? files(dir, path.join(rel, n)) : [path.join(rel, n)]))
    .sort();
}

describe("pb_public/dist", () => {
  it("matches a fresh build of ui/", { timeout: 120_000 }, async () => {
    const out = mkdtempSync(path.join(tmpdir(), "igny8-ui-build-"));
    try {
      // Vitest runs with NODE_ENV=test; the build must see what `npm run build` sees.
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = "production";
      try {
        await build({ root: ui, mode: "production", logLevel: "silent", build: { outDir: out, emptyOutDir: true } });
      } finally {
        process.env.NODE_ENV = env;
      }
      const want = files(out);
      expect(files(committed), "the committed build's files differ from a fresh build: run `make ui` and commit pb_public/dist").toEqual(want);
      for (const f of want) {
        const same = readFileSync(path.join(out, f)).equals(readFileSync(path.join(committed, f)));
        expect(same, `pb_public/dist/${f} differs from a fresh build: run \`make ui\` and commit pb_public/dist`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
