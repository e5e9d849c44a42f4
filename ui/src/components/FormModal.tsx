// A form in a dialog: labelled fields (children), one submit button with the verb,
// the server's error shown in the dialog; Escape or Cancel closes it.
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Dialog } from "./ui/Dialog";
import { Button } from "./ui/Button";
import { describeError } from "@/lib/errors";

export interface FormModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  submitLabel: string;
  /** Throw to keep the dialog open with the error shown. */
  onSubmit: () => Promise<unknown> | void;
  /** Disable the submit and say why (e.g. not enough credits). */
  disabledReason?: string;
  children: ReactNode;
}

export function FormModal({ open, onOpenChange, title, description, submitLabel, onSubmit, disabledReason, children }: FormModalProps) {
  const formId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (disabledReason) return;
    setBusy(true);
    setError("");
    try {
      await onSubmit();
      onOpenChange(false);
    } catch (err) {
      const p = describeError(err);
      setError(p.hint ? `${p.title} ${p.hint}` : p.title);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!busy) {
          setError("");
          onOpenChange(o);
        }
      }}
      title={title}
      description={description}
      footer={
        <>
          {disabledReason && <p className="mr-auto self-center text-sm text-amber-800 dark:text-amber-300">{disabledReason}</p>}
          <Button variant="secondary" disabled={busy} onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={busy} disabled={!!disabledReason}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
            {error}
          </p>
        )}
        {children}
      </form>
    </Dialog>
  );
}
