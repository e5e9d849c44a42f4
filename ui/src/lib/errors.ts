// Turns API errors into what the user should read: the cause and the next step,
// from the API's error codes (docs/API.md "Errors"), never raw server text.
import { ClientResponseError } from "pocketbase";

export interface FieldErrors {
  [field: string]: string;
}

export interface ApiProblem {
  status: number;
  code: string;
  title: string;
  /** What to do next, when there is something. */
  hint?: string;
  fields: FieldErrors;
  params?: Record<string, unknown>;
}

type DataEntry = { code?: string; message?: string; params?: Record<string, unknown> };

/** The first igny8_* code in an error's data, e.g. igny8_insufficient_credits. */
function igny8Code(data: Record<string, DataEntry>): [string, DataEntry] | null {
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === "object" && typeof v.code === "string" && v.code.startsWith("igny8_")) return [k, v];
  }
  return null;
}

export function describeError(err: unknown): ApiProblem {
  if (!(err instanceof ClientResponseError)) {
    return { status: 0, code: "client", title: err instanceof Error ? err.message : "Something went wrong.", fields: {} };
  }
  if (err.isAbort) return { status: 0, code: "aborted", title: "The request was cancelled.", fields: {} };
  const status = err.status;
  const data = (err.response?.data ?? {}) as Record<string, DataEntry>;
  const fields: FieldErrors = {};
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === "object" && typeof v.message === "string" && !String(v.code ?? "").startsWith("igny8_")) fields[k] = v.message;
  }
  const found = igny8Code(data);
  const code = found?.[1].code ?? (status === 0 ? "network" : `http_${status}`);
  const params = found?.[1].params;
  switch (code) {
    case "igny8_insufficient_credits": {
      const need = params?.need, balance = params?.balance;
      return { status, code, params, fields, title: `Not enough credits: this needs ${need ?? "more"}, the workspace has ${balance ?? 0}.`, hint: "Buy credits or upgrade the plan in Billing, or select fewer items." };
    }
    case "igny8_role_too_low":
      return { status, code, fields, title: "Your role in this workspace does not allow this.", hint: "Ask an admin or owner of the workspace." };
    case "igny8_workspace_suspended":
      return { status, code, fields, title: "This workspace is suspended and read-only.", hint: "An owner can reactivate it in Billing." };
    case "igny8_conflict":
      return { status, code, fields, title: "This cannot be done in the record's current state.", hint: "Refresh to see its latest state." };
    case "igny8_plan_limit":
      return { status, code, fields, title: "The plan's limit is reached.", hint: "Upgrade the plan in Billing." };
    case "igny8_internal":
      return { status, code, fields, title: "The server failed to do this.", hint: "Try again; if it keeps failing, tell your operator." };
  }
  if (status === 0) return { status, code: "network", fields, title: "The server cannot be reached.", hint: "Check your connection and try again." };
  if (status === 401) return { status, code, fields, title: "You are signed out.", hint: "Sign in again." };
  if (status === 403) return { status, code, fields, title: "You may not do this." };
  if (status === 404) return { status, code, fields, title: "Not found — it may have been deleted or belong to another workspace." };
  if (status === 429) return { status, code, fields, title: "Too many requests.", hint: "Wait a moment and try again." };
  if (status === 400 && Object.keys(fields).length > 0) return { status, code: "invalid", fields, title: "Some fields need a change." };
  return { status, code, fields, title: err.response?.message ? String(err.response.message) : "Something went wrong." };
}

/**
 * Every field message of a 400 (response.data.<field>.message), igny8 codes
 * included (describeError keeps those out of `fields`): for forms whose server
 * check names the field, e.g. a prompt template that does not parse
 * (igny8_template) or a slug another workspace has (igny8_slug_taken).
 */
export function fieldMessages(err: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!(err instanceof ClientResponseError)) return out;
  const data = (err.response?.data ?? {}) as Record<string, DataEntry>;
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === "object" && typeof v.message === "string") out[k] = v.message;
  }
  return out;
}
