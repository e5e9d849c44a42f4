// Sites: the workspace's WordPress sites with their connection state at a glance, and
// (admins) adding one; each opens its page to connect, check, set defaults and automate.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { Globe, Plus } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { FormModal } from "@/components/FormModal";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { describeError } from "@/lib/errors";
import { formatRelative } from "@/lib/format";
import { createSite, listSites, sitesKeys, type SiteRecord } from "./api";
import { statusText, statusTone } from "./status";

export function SitesPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canAdd = useCan("admin");
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: sitesKeys.list(ws.id), queryFn: ({ signal }) => listSites(ws.id, signal) });
  useCollectionEvents<SiteRecord>("sites", ws.id, () => void qc.invalidateQueries({ queryKey: sitesKeys.all(ws.id) }));
  useResync(() => void qc.invalidateQueries({ queryKey: sitesKeys.all(ws.id) }));
  const addButton = canAdd && (
    <Button onClick={() => setAdding(true)}>
      <Plus className="size-4" aria-hidden="true" />
      Add site
    </Button>
  );
  return (
    <>
      <PageHeader title="Sites" description="Your WordPress sites: connection, defaults and automation." actions={addButton} />
      {q.isPending ? (
        <PageLoading label="Loading sites" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState
          icon={<Globe className="size-8" aria-hidden="true" />}
          title="No site yet"
          body={canAdd ? "Add your WordPress site, then connect it with an Application Password or the igny8 Bridge plugin." : "Ask an admin or owner of the workspace to add a site."}
          action={addButton}
        />
      ) : (
        <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
          <table className="w-full text-sm">
            <caption className="sr-only">Sites</caption>
            <thead className="text-left text-xs text-gray-600 uppercase dark:text-gray-400">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Site
                </th>
                <th scope="col" className="px-4 py-2">
                  Connection
                </th>
                <th scope="col" className="hidden px-4 py-2 sm:table-cell">
                  Last check
                </th>
                <th scope="col" className="hidden px-4 py-2 sm:table-cell">
                  Last sync
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
              {q.data.map((s) => (
                <tr key={s.id} data-testid="site-row">
                  <td className="px-4 py-3">
                    <Link className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-300" to={`/t/${ws.slug}/sites/${s.id}`}>
                      {s.name}
                    </Link>
                    <p className="text-xs break-all text-gray-600 dark:text-gray-400">{s.url}</p>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={statusTone(s.status)}>{statusText(s.status)}</Badge>
                    {s.transport && <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">{s.transport === "bridge" ? "igny8 Bridge plugin" : "Application Password"}</p>}
                  </td>
                  <td className="hidden px-4 py-3 sm:table-cell">{formatRelative(s.last_check)}</td>
                  <td className="hidden px-4 py-3 sm:table-cell">{formatRelative(s.last_sync)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddSiteDialog open={adding} onOpenChange={setAdding} tenant={ws.id} slug={ws.slug} />
    </>
  );
}

function AddSiteDialog({ open, onOpenChange, tenant, slug }: { open: boolean; onOpenChange: (o: boolean) => void; tenant: string; slug: string }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("https://");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <FormModal
      open={open}
      onOpenChange={(o) => {
        if (!o) setErrors({});
        onOpenChange(o);
      }}
      title="Add a site"
      description="Keywords, clusters and articles belong to a site. You connect it to WordPress on its page next."
      submitLabel="Add site"
      onSubmit={async () => {
        setErrors({});
        try {
          const s = await createSite(tenant, name.trim(), url.trim());
          toast.success(`Site “${s.name}” added`, { body: "Connect it to WordPress next." });
          void qc.invalidateQueries({ queryKey: [tenant] });
          setName("");
          setUrl("https://");
          navigate(`/t/${slug}/sites/${s.id}`);
        } catch (err) {
          const p = describeError(err);
          setErrors(p.fields);
          throw err;
        }
      }}
    >
      <Field label="Name" error={errors.name}>
        {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />}
      </Field>
      <Field label="Address" hint="The site's public URL, e.g. https://blog.example.com" error={errors.url}>
        {(p) => <Input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />}
      </Field>
    </FormModal>
  );
}
