/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { fileURLToPath } from "node:url";

// The Go server the dev server proxies to (make ui-dev starts it on this address).
const target = process.env.IGNY8_DEV_API ?? "http://127.0.0.1:8090";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    // Embedded by pb_public/public.go (go:embed all:dist); the folder belongs to the build alone,
    // so emptying it never touches the Go files beside it.
    outDir: "../pb_public/dist",
    emptyOutDir: true,
    assetsInlineLimit: 0, // no data: URLs for scripts; images stay files
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: {
      // /api/realtime is Server-Sent Events; the proxy streams it through unbuffered.
      "/api": { target },
      "/_": { target },
    },
  },
  test: {
    globals: true,
    css: false,
    projects: [
      // Unit tests beside the code: jsdom in VM contexts (one jsdom per worker, much
      // faster than a fresh environment per file on this machine).
      { extends: true, test: { name: "unit", include: ["src/**/*.test.{ts,tsx}"], environment: "jsdom", setupFiles: ["src/test/setup.ts"], pool: "vmThreads" } },
      // The build check runs Vite itself, which needs a plain Node process.
      { extends: true, test: { name: "build", include: ["test/**/*.test.ts"], environment: "node", pool: "forks" } },
    ],
  },
});
