// Settings' server calls: the workspace's name and address, its own AI key (write
// only; the server answers whether one is set and a masked form), the default model
// per task, and deleting the workspace.
import { pb } from "@/lib/pb";

export interface ModelChoice {
  task: string;
  model: string;
  choices: { name: string; label: string; provider: string }[];
}

export interface AIKeyState {
  tenant: string;
  ai_key_set: boolean;
  masked: string;
}

const base = (tenant: string) => `/api/igny8/workspaces/${encodeURIComponent(tenant)}`;

export const settingsKeys = {
  models: (t: string) => [t, "settings", "models"] as const,
  aiKey: (t: string) => [t, "settings", "ai-key"] as const,
};

/** Readable names of the AI tasks (ai/ai.go). */
export const taskLabels: Record<string, string> = {
  clustering: "Keyword clustering",
  ideas: "Content ideas",
  content: "Articles",
  image_prompts: "Image prompts",
  images: "Images",
  reparse: "Reparse",
};

export function renameWorkspace(tenant: string, body: { name?: string; slug?: string }) {
  return pb.send<{ id: string; name: string; slug: string }>(base(tenant), { method: "PATCH", body, requestKey: null });
}

export function getModels(tenant: string, signal?: AbortSignal) {
  return pb.send<{ items: ModelChoice[]; offline: boolean }>(`${base(tenant)}/models`, { signal, requestKey: null });
}

export function setModels(tenant: string, models: Record<string, string>) {
  return pb.send<{ items: ModelChoice[]; offline: boolean }>(`${base(tenant)}/models`, { method: "PUT", body: { models }, requestKey: null });
}

export function getAIKey(tenant: string, signal?: AbortSignal) {
  return pb.send<AIKeyState>(`${base(tenant)}/ai-key`, { signal, requestKey: null });
}

export function setAIKey(tenant: string, key: string) {
  return pb.send<{ tenant: string; ai_key_set: boolean }>(`${base(tenant)}/ai-key`, { method: "PUT", body: { key }, requestKey: null });
}

export function deleteWorkspace(tenant: string, confirm: string) {
  return pb.send(`${base(tenant)}/delete`, { method: "POST", body: { confirm }, requestKey: null });
}
