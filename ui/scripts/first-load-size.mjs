// Prints the gzip size of the JavaScript and CSS a first visit loads: the scripts and
// styles index.html references (the entry and what it preloads), not the lazy chunks.
// Run: node scripts/first-load-size.mjs (after make ui)
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "pb_public", "dist");
const html = readFileSync(path.join(dist, "index.html"), "utf8");
const refs = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let js = 0;
let css = 0;
for (const r of refs) {
  const size = gzipSync(readFileSync(path.join(dist, r)), { level: 9 }).length;
  if (r.endsWith(".js")) js += size;
  else css += size;
  console.log(`${r}: ${(size / 1024).toFixed(1)} KB gzip`);
}
console.log(`first load: JavaScript ${(js / 1024).toFixed(1)} KB gzip, CSS ${(css / 1024).toFixed(1)} KB gzip (goal: JavaScript <= 250 KB)`);
