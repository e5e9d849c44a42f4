// The article as the post will look: the server-sanitised HTML rendered inside a
// sandboxed iframe (no scripts, no same-origin access, no forms or pop-ups), its
// styles from the app's own /preview.css (the strict CSP allows no inline style).
// Images are protected files: their addresses get a file token here only.
import { useMemo } from "react";

export function previewDoc(title: string, html: string, featuredURL: string, fileToken: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  doc.querySelectorAll("img").forEach((img) => {
    const src = img.getAttribute("src") ?? "";
    if (fileToken && src.startsWith("/api/files/")) img.setAttribute("src", `${src}?token=${encodeURIComponent(fileToken)}`);
  });
  doc.querySelectorAll("a").forEach((a) => a.setAttribute("target", "_blank"));
  const h1 = doc.createElement("h1");
  h1.textContent = title;
  const head = doc.createElement("header");
  head.append(h1);
  if (featuredURL) {
    const img = doc.createElement("img");
    img.setAttribute("src", featuredURL);
    img.setAttribute("alt", "");
    img.className = "featured";
    head.append(img);
  }
  const article = doc.createElement("article");
  article.append(head, ...Array.from(doc.body.childNodes));
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><link rel="stylesheet" href="/preview.css"></head><body>${article.outerHTML}</body></html>`;
}

export function Preview({ title, html, featuredURL, fileToken }: { title: string; html: string; featuredURL: string; fileToken: string }) {
  const srcDoc = useMemo(() => previewDoc(title, html, featuredURL, fileToken), [title, html, featuredURL, fileToken]);
  return <iframe title={`Preview of ${title}`} sandbox="" srcDoc={srcDoc} className="h-[70vh] w-full rounded-xl border border-gray-200 bg-white dark:border-gray-800" />;
}
