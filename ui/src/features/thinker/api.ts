// The Thinker's server calls: the prompt library (effective prompt per type, the
// variables each type may use, override and reset), personas and strategies (the
// collections API) and the playground. Keys start with the workspace id.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

export interface PromptVar {
  name: string;
  kind: "text" | "number" | "list";
  help: string;
}

/** GET /api/igny8/thinker/workspaces/{tenant}/prompts item. */
export interface PromptView {
  type: string;
  name: string;
  system: string;
  template: string;
  overridden: boolean;
  id: string;
  default: { system: string; template: string };
  variables: PromptVar[];
}

export interface Persona extends BaseRecord {
  tenant: string;
  name: string;
  audience: string;
  voice: string;
  tone: string;
  dos: string[] | null;
  donts: string[] | null;
  is_default: boolean;
}

export interface Strategy extends BaseRecord {
  tenant: string;
  site: string;
  name: string;
  rules: string;
  always_faq: boolean;
  always_conclusion: boolean;
  never_mention: string[] | null;
  active: boolean;
}

export interface PlaygroundRun {
  run: string;
  system: string;
  user: string;
  output: string;
  truncated: boolean;
  model: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  credits_charged: number;
}

export const thinkerKeys = {
  all: (t: string) => [t, "thinker"] as const,
  prompts: (t: string) => [t, "thinker", "prompts"] as const,
  personas: (t: string) => [t, "thinker", "personas"] as const,
  strategies: (t: string) => [t, "thinker", "strategies"] as const,
  models: ["ai_models", "text"] as const,
};

/** Readable names of the prompt types (ai/prompts.go). */
export const promptLabels: Record<string, string> = {
  clustering: "Keyword clustering",
  ideas: "Content ideas",
  content_outline: "Article outline",
  content_section: "Article section",
  content: "Article (single pass)",
  image_prompts: "Image prompts",
  reparse: "Reparse (clean HTML)",
  meta: "SEO meta",
};

export async function listPrompts(tenant: string, signal?: AbortSignal) {
  const r = await pb.send<{ items: PromptView[] }>(`/api/igny8/thinker/workspaces/${encodeURIComponent(tenant)}/prompts`, { signal, requestKey: null });
  return r.items ?? [];
}

export function savePrompt(tenant: string, type: string, body: { template: string; system: string; name?: string }) {
  return pb.send(`/api/igny8/thinker/workspaces/${encodeURIComponent(tenant)}/prompts/${encodeURIComponent(type)}`, { method: "PUT", body, requestKey: null });
}

export function resetPrompt(tenant: string, type: string) {
  return pb.send<{ type: string; removed: number }>(`/api/igny8/thinker/workspaces/${encodeURIComponent(tenant)}/prompts/${encodeURIComponent(type)}`, {
    method: "DELETE",
    requestKey: null,
  });
}

export function listPersonas(tenant: string, signal?: AbortSignal) {
  return pb.collection("personas").getList<Persona>(1, 200, { filter: pb.filter("tenant = {:t}", { t: tenant }), sort: "name,id", signal, requestKey: null });
}

export function savePersona(tenant: string, id: string | null, data: Partial<Persona>) {
  const c = pb.collection("personas");
  return id ? c.update<Persona>(id, data, { requestKey: null }) : c.create<Persona>({ ...data, tenant }, { requestKey: null });
}

export function deletePersona(id: string) {
  return pb.collection("personas").delete(id, { requestKey: null });
}

export function listStrategies(tenant: string, signal?: AbortSignal) {
  return pb.collection("strategies").getList<Strategy>(1, 200, {
    filter: pb.filter("tenant = {:t}", { t: tenant }),
    sort: "name,id",
    expand: "site",
    signal,
    requestKey: null,
  });
}

export function saveStrategy(tenant: string, id: string | null, data: Partial<Strategy>) {
  const c = pb.collection("strategies");
  return id ? c.update<Strategy>(id, data, { requestKey: null }) : c.create<Strategy>({ ...data, tenant }, { requestKey: null });
}

export function deleteStrategy(id: string) {
  return pb.collection("strategies").delete(id, { requestKey: null });
}

export interface TextModel {
  id: string;
  name: string;
  label: string;
}

/** Enabled text models (the playground's model choice). */
export async function listTextModels(signal?: AbortSignal) {
  const r = await pb.collection("ai_models").getList<TextModel>(1, 100, {
    filter: 'enabled = true && kind = "text"',
    sort: "priority,name",
    fields: "id,name,label",
    signal,
    requestKey: null,
  });
  return r.items;
}

export function runPlayground(body: { tenant: string; type: string; vars: Record<string, unknown>; model?: string; source?: "workspace" | "default" }) {
  return pb.send<PlaygroundRun>("/api/igny8/thinker/playground", { method: "POST", body, requestKey: null });
}

/** Splits a textarea into list items: one per line, blanks dropped. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}
