// igny8 web app (minimal). User data is text everywhere: every value from the
// API is written with textContent or as an attribute value through the DOM,
// never parsed as HTML, so a workspace named `<img onerror=…>` stays a name.
"use strict";
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem("igny8.token") || "";

async function api(path, opts = {}) {
  const res = await fetch(path, {...opts, headers: {"Content-Type": "application/json", ...(token ? {Authorization: token} : {})}});
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message || res.statusText);
  return body;
}

// el builds an element whose children are text nodes or other elements.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
}

async function show() {
  const me = await api("/api/collections/users/auth-refresh", {method: "POST"});
  token = me.token; localStorage.setItem("igny8.token", token);
  $("who").textContent = me.record.email; $("login").hidden = true; $("app").hidden = false;
  await invitations();
  const ws = await api("/api/igny8/workspaces");
  $("ws").replaceChildren(...ws.items.map(w => el("option", {value: w.id}, `${w.name} (${w.role})`)));
  await keywords();
}

async function keywords() {
  const t = $("ws").value;
  if (!t) { $("kw").replaceChildren(); return; }
  const list = await api(`/api/collections/keywords/records?perPage=50&skipTotal=1&sort=-volume&filter=${encodeURIComponent(`tenant="${t}"`)}`);
  $("kw").replaceChildren(...list.items.map(k => el("tr", {},
    el("td", {}, k.keyword), el("td", {}, k.volume ?? ""), el("td", {}, k.difficulty ?? ""), el("td", {}, k.status))));
}

// invitations lists the signed-in person's pending invitations with accept and
// decline buttons; a link's token (?invite=ID&token=…) proves the address.
async function invitations() {
  const params = new URLSearchParams(location.search);
  const linkId = params.get("invite") || "", linkToken = params.get("token") || "";
  let list;
  try { list = await api("/api/igny8/invitations"); } catch (e) { return; }
  const rows = list.items.map(inv => {
    const accept = el("button", {type: "button"}, "Accept"), decline = el("button", {type: "button"}, "Decline");
    const body = inv.id === linkId ? {token: linkToken} : {};
    accept.onclick = () => answer(inv.id, "accept", body);
    decline.onclick = () => answer(inv.id, "decline", {});
    return el("li", {}, `${inv.workspace} invites you as ${inv.role} `, accept, " ", decline);
  });
  $("inv").replaceChildren(...rows);
  $("invites").hidden = rows.length === 0;
}

async function answer(id, action, body) {
  try {
    await api(`/api/igny8/invitations/${encodeURIComponent(id)}/${action}`, {method: "POST", body: JSON.stringify(body)});
    history.replaceState(null, "", location.pathname);
    await show();
  } catch (e) { $("invmsg").textContent = e.message; }
}

$("ws").onchange = keywords;
$("f").onsubmit = async (ev) => {
  ev.preventDefault();
  try {
    const r = await api("/api/collections/users/auth-with-password", {method: "POST", body: JSON.stringify({identity: $("email").value, password: $("pw").value})});
    token = r.token; await show();
  } catch (e) { $("msg").textContent = e.message; }
};
$("out").onclick = () => { localStorage.removeItem("igny8.token"); location.reload(); };
if (token) show().catch(() => { token = ""; localStorage.removeItem("igny8.token"); });
