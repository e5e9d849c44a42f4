// Paste keywords, one per line (up to 10,000): the server normalises, dedupes and
// reports what it added, what was there already and what it refused.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { describeError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";
import { pasteKeywords } from "./api";

export const MAX_PASTE_LINES = 10_000;

export function countLines(text: string): number {
  return text.split("\n").filter((l) => l.trim() !== "").length;
}

export function PasteDialog({ open, onOpenChange, site, siteName }: { open: boolean; onOpenChange: (o: boolean) => void; site: string; siteName: string }) {
  const qc = useQueryClient();
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const lines = countLines(text);
  const paste = useMutation({
    mutationFn: () => pasteKeywords(site, text),
    onSuccess: (r) => {
      toast.success(`${formatNumber(r.imported)} keyword${r.imported === 1 ? "" : "s"} added to ${siteName}`, {
        body: [r.updated && `${formatNumber(r.updated)} already there`, r.duplicates && `${formatNumber(r.duplicates)} duplicates`, r.rejected && `${formatNumber(r.rejected)} refused (${r.rejectedRows[0]?.reason ?? "invalid"})`]
          .filter(Boolean)
          .join(", ") || undefined,
      });
      setText("");
      onOpenChange(false);
      void qc.invalidateQueries({ queryKey: [] });
    },
    onError: (err) => {
      const p = describeError(err);
      setError([p.fields.keywords ?? p.title, p.hint].filter(Boolean).join(" "));
    },
  });
  const tooMany = lines > MAX_PASTE_LINES;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Paste keywords into ${siteName}`}
      description="One keyword per line. Keywords already on the site are kept as they are."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button disabled={lines === 0 || tooMany} loading={paste.isPending} onClick={() => paste.mutate()}>
            Add {formatNumber(lines)} keyword{lines === 1 ? "" : "s"}
          </Button>
        </>
      }
    >
      <Field label="Keywords" hint={tooMany ? `At most ${formatNumber(MAX_PASTE_LINES)} lines per paste; import a file for more.` : `${formatNumber(lines)} line${lines === 1 ? "" : "s"}`} error={error}>
        {(p) => (
          <Textarea
            {...p}
            rows={10}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(undefined);
            }}
            placeholder={"cold brew ratio\nbest pour over kettle"}
          />
        )}
      </Field>
    </Dialog>
  );
}
