// Maps PocketBase's field errors (response.data.<field>.message) onto react-hook-form fields,
// and returns the message for the form as a whole.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { describeError } from "./errors";

export function applyServerErrors<T extends FieldValues>(err: unknown, setError: UseFormSetError<T>, fields: readonly Path<T>[]): string {
  const p = describeError(err);
  let mapped = 0;
  for (const [k, msg] of Object.entries(p.fields)) {
    if ((fields as readonly string[]).includes(k)) {
      setError(k as Path<T>, { type: "server", message: msg });
      mapped++;
    }
  }
  if (mapped > 0 && p.code === "invalid") return "";
  return p.hint ? `${p.title} ${p.hint}` : p.title;
}
