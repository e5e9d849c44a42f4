// Confirms a consequential action (delete, publish, a big spend) with the verb and
// the object in the button: "Delete 12 keywords", never "OK".
import { useState, type ReactNode } from "react";
import { Dialog } from "./ui/Dialog";
import { Button } from "./ui/Button";
import { describeError } from "@/lib/errors";

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  body?: ReactNode;
  /** The button's text: verb and object. */
  confirmLabel: string;
  destructive?: boolean;
  onConfirm: () => Promise<unknown> | void;
}

export function ConfirmDialog({ open, onOpenChange, title, body, confirmLabel, destructive, onConfirm }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!busy) {
          setError("");
          onOpenChange(o);
        }
      }}
      role="alert"
      title={title}
      description={body}
      footer={
        <>
          <Button variant="secondary" disabled={busy} onClick={() => onOpenChange(false)} data-autofocus>
            Cancel
          </Button>
          <Button
            variant={destructive ? "danger" : "primary"}
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError("");
              try {
                await onConfirm();
                onOpenChange(false);
              } catch (err) {
                const p = describeError(err);
                setError(p.hint ? `${p.title} ${p.hint}` : p.title);
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
