// The site's igny8 defaults: the WordPress status, categories and author of a
// published article, and how many in-article images an article gets. Categories and
// authors come from the site's last sync; admins change them, others read them.
import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { Field, Input, Select } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { describeError } from "@/lib/errors";
import { updateSite, sitesKeys, type SiteDefaults, type SiteRecord } from "./api";
import { Section } from "./Section";

const statuses: { value: NonNullable<SiteDefaults["post_status"]>; label: string }[] = [
  { value: "publish", label: "Published" },
  { value: "draft", label: "Draft (publish by hand in WordPress)" },
  { value: "pending", label: "Pending review" },
  { value: "private", label: "Private" },
];

/** The server's bounds (writer.MaxImagesPerArticle, writer.DefaultImagesPerArticle). */
export const MAX_IMAGES = 8;
export const DEFAULT_IMAGES = 2;

export function DefaultsPanel({ site }: { site: SiteRecord }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canEdit = useCan("admin");
  const d = site.defaults ?? {};
  const [status, setStatus] = useState(d.post_status ?? "publish");
  const [cats, setCats] = useState<string[]>(d.categories ?? []);
  const [catText, setCatText] = useState((d.categories ?? []).join(", "));
  const [author, setAuthor] = useState(d.author ? String(d.author) : "");
  const [images, setImages] = useState(String(d.images_per_article ?? DEFAULT_IMAGES));
  const [error, setError] = useState("");
  // a save elsewhere (another tab, realtime) resets the form to what is stored
  useEffect(() => {
    const n = site.defaults ?? {};
    setStatus(n.post_status ?? "publish");
    setCats(n.categories ?? []);
    setCatText((n.categories ?? []).join(", "));
    setAuthor(n.author ? String(n.author) : "");
    setImages(String(n.images_per_article ?? DEFAULT_IMAGES));
  }, [site.defaults]);
  const synced = site.wp_settings?.categories ?? [];
  const authors = site.wp_settings?.authors ?? [];
  const save = useMutation({
    mutationFn: () => {
      const n = Number(images);
      if (!Number.isInteger(n) || n < 0 || n > MAX_IMAGES) throw new Error(`Images per article: a whole number from 0 to ${MAX_IMAGES}.`);
      const categories = synced.length ? cats : catText.split(",").map((c) => c.trim()).filter(Boolean);
      const next: SiteDefaults = { ...(site.defaults ?? {}), post_status: status, categories, images_per_article: n };
      if (author) next.author = Number(author);
      else delete next.author;
      return updateSite(site.id, { defaults: next });
    },
    onSuccess: (s) => {
      setError("");
      qc.setQueryData(sitesKeys.site(ws.id, site.id), s);
      toast.success("Defaults saved", { body: site.transport === "bridge" ? "The next sync hands them to the plugin." : undefined });
    },
    onError: (err) => {
      const p = describeError(err);
      setError(p.fields.defaults ?? (p.hint ? `${p.title} ${p.hint}` : p.title));
    },
  });
  return (
    <Section id="site-defaults" title="Defaults" description="How igny8 writes and publishes for this site, unless an article says otherwise.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <fieldset disabled={!canEdit} className="space-y-4">
          <legend className="sr-only">Site defaults</legend>
          <Field label="Post status in WordPress">
            {(p) => (
              <Select {...p} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                {statuses.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {synced.length ? (
            <fieldset>
              <legend className="text-sm font-medium text-gray-800 dark:text-gray-200">Categories</legend>
              <div className="mt-1 grid max-h-48 gap-1 overflow-y-auto sm:grid-cols-2">
                {synced.map((c) => (
                  <label key={c.id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="size-4"
                      checked={cats.includes(c.name)}
                      onChange={(e) => setCats(e.target.checked ? [...cats, c.name] : cats.filter((x) => x !== c.name))}
                    />
                    <span className="break-words">{c.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : (
            <Field label="Categories" hint="Comma-separated names; missing ones are created when publishing. Sync the site to pick from its own.">
              {(p) => <Input {...p} value={catText} onChange={(e) => setCatText(e.target.value)} />}
            </Field>
          )}
          <Field label="Author" hint={authors.length ? (site.transport === "bridge" ? "The plugin publishes as the WordPress user it is linked with; this applies over an Application Password." : undefined) : "Sync the site to choose one of its authors."}>
            {(p) => (
              <Select {...p} value={author} onChange={(e) => setAuthor(e.target.value)} disabled={!canEdit || authors.length === 0}>
                <option value="">The connected WordPress user</option>
                {authors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Images per article" hint={`In-article images besides the featured one, 0 to ${MAX_IMAGES}.`}>
            {(p) => <Input {...p} type="number" min={0} max={MAX_IMAGES} step={1} value={images} onChange={(e) => setImages(e.target.value)} className="w-28" />}
          </Field>
        </fieldset>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {canEdit ? (
          <Button type="submit" loading={save.isPending}>
            Save defaults
          </Button>
        ) : (
          <p className="text-sm text-gray-600 dark:text-gray-400">Admins and owners change the defaults.</p>
        )}
      </form>
    </Section>
  );
}
