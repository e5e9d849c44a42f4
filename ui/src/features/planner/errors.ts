// How the Planner reports a failed call: a toast naming the cause and the next step,
// from the API's error code (lib/errors.ts), never the server's raw text.
import { toast } from "@/components/ui/Toast";
import { describeError } from "@/lib/errors";

export function toastError(err: unknown) {
  const p = describeError(err);
  toast.error(p.title, { body: p.hint });
}
