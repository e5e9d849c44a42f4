// Chooses the site the Planner works on; with no site yet, lets an admin add one (the
// Sites page comes in part 2) and tells others whom to ask.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Globe } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Field, Input, Select } from "@/components/ui/Input";
import { EmptyState } from "@/components/States";
import { toast } from "@/components/ui/Toast";
import { describeError } from "@/lib/errors";
import { useCan } from "@/hooks/useWorkspace";
import { createSite, plannerKeys, type SiteRow } from "./api";

export function SitePicker({ sites, value, onChange }: { sites: SiteRow[]; value: string; onChange: (id: string) => void }) {
  if (sites.length <= 1) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-gray-700 dark:text-gray-300">Site</span>
      <Select value={value} onChange={(e) => onChange(e.target.value)} className="w-auto min-w-40">
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
    </label>
  );
}

export function NoSite({ tenant }: { tenant: string }) {
  const canAdd = useCan("admin");
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("https://");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: () => createSite(tenant, name.trim(), url.trim()),
    onSuccess: (s) => {
      toast.success(`Site “${s.name}” added`, { body: "Import or paste its keywords next." });
      void qc.invalidateQueries({ queryKey: plannerKeys.sites(tenant) });
    },
    onError: (err) => {
      const p = describeError(err);
      setErrors(p.fields);
      if (Object.keys(p.fields).length === 0) toast.error(p.title, { body: p.hint });
    },
  });
  if (!canAdd) {
    return <EmptyState icon={<Globe className="size-8" aria-hidden="true" />} title="This workspace has no site yet" body="Keywords belong to a site. Ask an admin or owner of the workspace to add one." />;
  }
  return (
    <div className="mx-auto max-w-md rounded-xl border border-gray-200 bg-white p-6 dark:border-gray-800 dark:bg-gray-900">
      <h2 className="text-base font-semibold">Add your first site</h2>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">Keywords, clusters and articles belong to a site. You can connect it to WordPress later.</p>
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          add.mutate();
        }}
      >
        <Field label="Name" error={errors.name}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />}
        </Field>
        <Field label="Address" hint="The site's public URL, e.g. https://blog.example.com" error={errors.url}>
          {(p) => <Input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />}
        </Field>
        <Button type="submit" loading={add.isPending}>
          Add site
        </Button>
      </form>
    </div>
  );
}
