// The article's images: the featured one and those in the text, each with its state
// live; generate them (cost first), regenerate one, edit its alt text, move an
// in-article image to another section, remove one (confirmed). Each change of the
// text is a new version on the server.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ImagePlus, RefreshCw, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Badge } from "@/components/ui/Badge";
import { Dialog } from "@/components/ui/Dialog";
import { Field, Input, Select } from "@/components/ui/Input";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { EmptyState, PageError } from "@/components/States";
import { Skeleton } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { useCollectionEvents } from "@/realtime/useRealtime";
import { costOf } from "@/features/planner/api";
import { CostPreview, shortReason, useBalance } from "@/features/planner/CostPreview";
import { toastError } from "@/features/planner/errors";
import { deleteImage, editImage, imageURL, listImages, regenerateImage, requestImages, writerKeys, type Content, type Image } from "./api";
import { useCosts } from "./GenerateDialog";

const stateTone = { pending: "gray", generating: "brand", ready: "green", failed: "red", "": "gray" } as const;

export function useImages(tenant: string, content: string) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: writerKeys.images(tenant, content), queryFn: ({ signal }) => listImages(tenant, content, signal) });
  useCollectionEvents<Image>("images", tenant, (e) => {
    if (e.record.content === content) {
      void qc.invalidateQueries({ queryKey: writerKeys.images(tenant, content) });
      if (e.record.status === "ready" || e.action === "delete") void qc.invalidateQueries({ queryKey: writerKeys.content(tenant, content) });
    }
  });
  return q;
}

export function ImagesPanel({ tenant, slug, content, canEdit, fileToken }: { tenant: string; slug: string; content: Content; canEdit: boolean; fileToken: string }) {
  const imgs = useImages(tenant, content.id);
  const [asking, setAsking] = useState(false);
  if (imgs.isPending) return <Skeleton className="h-40 w-full" />;
  if (imgs.isError) return <PageError error={imgs.error} onRetry={() => void imgs.refetch()} />;
  const list = imgs.data;
  return (
    <div className="space-y-3">
      {canEdit && (
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => setAsking(true)}>
            <ImagePlus className="size-4" aria-hidden="true" />
            {list.length ? "Generate images again" : "Generate images"}
          </Button>
        </div>
      )}
      {list.length === 0 ? (
        <EmptyState title="No images yet" body={canEdit ? "Generate a featured image and pictures for the sections: the AI writes their prompts and alt texts." : "An editor generates them."} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Images">
          {list.map((img) => (
            <li key={img.id}>
              <ImageCard img={img} content={content} canEdit={canEdit} fileToken={fileToken} tenant={tenant} slug={slug} />
            </li>
          ))}
        </ul>
      )}
      {asking && <AskImages tenant={tenant} slug={slug} content={content} onClose={() => setAsking(false)} />}
    </div>
  );
}

function AskImages({ tenant, slug, content, onClose }: { tenant: string; slug: string; content: Content; onClose: () => void }) {
  const qc = useQueryClient();
  const sections = content.image_slots?.length ?? 0;
  const [featured, setFeatured] = useState(true);
  const [count, setCount] = useState(Math.min(2, sections));
  const costs = useCosts();
  const balance = useBalance(tenant);
  const n = count + (featured ? 1 : 0);
  const need = costOf(costs.data, "image", n);
  const run = useMutation({
    mutationFn: () => requestImages(content.id, featured, count),
    onSuccess: (r) => {
      toast.success(`Generating ${r.jobs.length} image${r.jobs.length === 1 ? "" : "s"}`, { body: `${r.credits} credit${r.credits === 1 ? "" : "s"} reserved; each image shows its state here.` });
      void qc.invalidateQueries({ queryKey: writerKeys.images(tenant, content.id) });
      onClose();
    },
    onError: toastError,
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Generate images"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={n === 0 || !!shortReason({ need, balance })} loading={run.isPending} onClick={() => run.mutate()} aria-describedby="images-cost">
            Generate {n} image{n === 1 ? "" : "s"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={featured} onChange={(e) => setFeatured(e.target.checked)} />
          A featured image
        </label>
        <Field label="Images in the text" hint={`The article has ${sections} section${sections === 1 ? "" : "s"}; each image follows one.`}>
          {(p) => <Input {...p} type="number" min={0} max={8} value={count} onChange={(e) => setCount(Math.max(0, Math.min(8, Number(e.target.value) || 0)))} />}
        </Field>
        <CostPreview id="images-cost" need={need} balance={balance} slug={slug} />
      </div>
    </Dialog>
  );
}

function ImageCard({ img, content, canEdit, fileToken, tenant, slug }: { img: Image; content: Content; canEdit: boolean; fileToken: string; tenant: string; slug: string }) {
  const qc = useQueryClient();
  const [alt, setAlt] = useState(img.alt);
  const [removing, setRemoving] = useState(false);
  const [regen, setRegen] = useState(false);
  const slots = content.image_slots ?? [];
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: writerKeys.images(tenant, content.id) });
    void qc.invalidateQueries({ queryKey: writerKeys.content(tenant, content.id) });
  };
  const save = useMutation({
    mutationFn: (patch: { alt?: string; slot?: number }) => editImage(img.id, patch),
    onSuccess: (_r, patch) => {
      toast.success(patch.slot ? "Image moved" : "Alt text saved");
      refresh();
    },
    onError: toastError,
  });
  const busy = img.status === "pending" || img.status === "generating";
  const label = img.kind === "featured" ? "Featured image" : `Image ${img.position}`;
  const url = img.file ? imageURL(img, fileToken, "640x0") : "";
  return (
    <article className="space-y-2 rounded-xl border border-gray-200 bg-white p-3 dark:border-gray-800 dark:bg-gray-900" aria-label={label} data-testid="image-card">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-medium">{label}</h3>
        <Badge tone={stateTone[img.status] ?? "gray"}>{img.status || "pending"}</Badge>
      </div>
      {url && fileToken ? (
        <img src={url} alt={img.alt} className="aspect-[3/2] w-full rounded-lg object-cover" width={640} height={427} />
      ) : (
        <div className="flex aspect-[3/2] w-full items-center justify-center rounded-lg bg-gray-100 text-sm text-gray-700 dark:bg-gray-800 dark:text-gray-300">{busy ? "Being generated…" : "No picture"}</div>
      )}
      {img.status === "failed" && img.error && <p className="text-xs break-words text-red-700 dark:text-red-400">{img.error.slice(0, 200)}</p>}
      {canEdit ? (
        <>
          <Field label="Alt text">
            {(p) => (
              <div className="flex gap-2">
                <Input {...p} value={alt} maxLength={500} onChange={(e) => setAlt(e.target.value)} />
                <Button size="sm" variant="secondary" disabled={alt.trim() === img.alt} loading={save.isPending && save.variables?.alt !== undefined} onClick={() => save.mutate({ alt })}>
                  Save<span className="sr-only"> the alt text of {label}</span>
                </Button>
              </div>
            )}
          </Field>
          {img.kind === "in_article" && slots.length > 0 && (
            <Field label="After the section">
              {(p) => (
                <Select {...p} value={String(img.slot || "")} disabled={!img.file || save.isPending} onChange={(e) => save.mutate({ slot: Number(e.target.value) })}>
                  {!img.slot && <option value="">—</option>}
                  {slots.map((s) => (
                    <option key={s.index} value={s.index}>
                      {s.index}. {s.heading}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => setRegen(true)}>
              <RefreshCw className="size-4" aria-hidden="true" />
              Regenerate<span className="sr-only"> {label}</span>
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setRemoving(true)}>
              <Trash2 className="size-4" aria-hidden="true" />
              Remove<span className="sr-only"> {label}</span>
            </Button>
          </div>
        </>
      ) : (
        img.alt && <p className="text-sm">Alt: {img.alt}</p>
      )}
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        destructive
        title={`Remove the ${label.toLowerCase()}?`}
        body="The picture leaves the article (a new version) and is deleted. Its credit is not refunded once it was generated."
        confirmLabel={`Remove the ${label.toLowerCase()}`}
        onConfirm={async () => {
          await deleteImage(img.id);
          toast.success(`${label} removed`);
          refresh();
        }}
      />
      {regen && <Regenerate img={img} label={label} tenant={tenant} slug={slug} onClose={() => setRegen(false)} onDone={refresh} />}
    </article>
  );
}

function Regenerate({ img, label, tenant, slug, onClose, onDone }: { img: Image; label: string; tenant: string; slug: string; onClose: () => void; onDone: () => void }) {
  const [prompt, setPrompt] = useState(img.prompt);
  const costs = useCosts();
  const balance = useBalance(tenant);
  const need = costOf(costs.data, "image", 1);
  const run = useMutation({
    mutationFn: () => regenerateImage(img.id, prompt.trim() === img.prompt ? undefined : prompt.trim()),
    onSuccess: () => {
      toast.success(`Regenerating the ${label.toLowerCase()}`);
      onDone();
      onClose();
    },
    onError: toastError,
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Regenerate the ${label.toLowerCase()}`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!!shortReason({ need, balance })} loading={run.isPending} onClick={() => run.mutate()} aria-describedby="regen-cost">
            Regenerate the {label.toLowerCase()}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Prompt" hint="Leave it as it is for another picture of the same.">
          {(p) => <Input {...p} value={prompt} maxLength={4000} onChange={(e) => setPrompt(e.target.value)} />}
        </Field>
        <CostPreview id="regen-cost" need={need} balance={balance} slug={slug} />
      </div>
    </Dialog>
  );
}
