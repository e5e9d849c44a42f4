// Applies the saved theme ("light", "dark" or "system") before the first paint.
// Loaded as an external, blocking script so the Content-Security-Policy needs no
// inline script. The app changes the theme through src/lib/theme.ts, which uses
// the same storage key.
(function () {
  var pref = "system";
  try { pref = localStorage.getItem("igny8.theme") || "system"; } catch (e) {}
  var dark = pref === "dark" || (pref === "system" && window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
})();
