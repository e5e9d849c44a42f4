// The site's connection: how it is connected (an Application Password over WordPress's
// REST API, or the igny8 Bridge plugin), connecting it either way, and the connection
// check as a checklist with the fix for each item that did not pass.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleDashed, AlertTriangle, XCircle, Download, Copy, ExternalLink } from "lucide-react";
import { EmptyState } from "@/components/States";
import { FormModal } from "@/components/FormModal";
import { Dialog } from "@/components/ui/Dialog";
import { Button } from "@/components/ui/Button";
import { Field, Input, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { describeError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { toastError } from "@/features/planner/errors";
import { checkSite, confirmLinkCode, linkToken, pluginZipUrl, setCredentials, sitesKeys, type CheckItem, type CheckReport, type CheckStatus, type LinkToken, type SiteRecord } from "./api";
import { Section } from "./Section";

const icons: Record<CheckStatus, { icon: typeof CheckCircle2; cls: string; label: string }> = {
  pass: { icon: CheckCircle2, cls: "text-green-700 dark:text-green-400", label: "Passed" },
  warn: { icon: AlertTriangle, cls: "text-amber-700 dark:text-amber-400", label: "Warning" },
  fail: { icon: XCircle, cls: "text-red-700 dark:text-red-400", label: "Failed" },
  skip: { icon: CircleDashed, cls: "text-gray-500 dark:text-gray-400", label: "Skipped" },
};

/** Runs the connection check and puts its report on the site in the cache. */
function useCheck(site: SiteRecord) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => checkSite(site.id),
    onSuccess: (rep) => {
      qc.setQueryData<SiteRecord>(sitesKeys.site(ws.id, site.id), (cur) => (cur ? { ...cur, last_check_result: rep, last_check: rep.checked_at ?? cur.last_check } : cur));
      void qc.invalidateQueries({ queryKey: sitesKeys.all(ws.id) });
      const s = summary(rep);
      if (s.fail > 0) toast.error(`The check found ${s.fail} problem${s.fail === 1 ? "" : "s"}`, { body: "Each one is listed with its fix." });
      else toast.success("The site is connected", { body: s.warn > 0 ? `${s.warn} warning${s.warn === 1 ? "" : "s"} to look at.` : "Every check passed." });
    },
    onError: toastError,
  });
}

function summary(rep: CheckReport | null | undefined) {
  const c = rep?.checks ?? [];
  return { fail: c.filter((x) => x.status === "fail").length, warn: c.filter((x) => x.status === "warn").length, total: c.length };
}

export function ConnectionPanel({ site }: { site: SiteRecord }) {
  const canAdmin = useCan("admin");
  const check = useCheck(site);
  const [dialog, setDialog] = useState<"" | "password" | "plugin">("");
  const rep = site.last_check_result;
  const checks = rep?.checks ?? [];
  const s = summary(rep);
  return (
    <Section
      id="site-connection"
      title="Connection"
      description={site.transport === "bridge" ? "Through the igny8 Bridge plugin." : site.transport === "rest" ? `Through WordPress's REST API with an Application Password${site.wp_username ? ` (user ${site.wp_username})` : ""}.` : "Not connected to WordPress yet."}
      actions={
        canAdmin && (
          <Button size="sm" variant={checks.length ? "secondary" : "primary"} loading={check.isPending} onClick={() => check.mutate()}>
            Check connection
          </Button>
        )
      }
    >
      {canAdmin && (
        <div className="mb-4 flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => setDialog("password")}>
            Connect with an Application Password
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setDialog("plugin")}>
            Connect with the igny8 Bridge plugin
          </Button>
        </div>
      )}
      {check.isPending && checks.length === 0 ? (
        <p role="status" className="text-sm text-gray-600 dark:text-gray-400">
          Checking the site…
        </p>
      ) : checks.length === 0 ? (
        <EmptyState
          title="No connection check yet"
          body={canAdmin ? "Connect the site, then check the connection: each problem is named with its fix." : "An admin or owner connects the site and checks the connection."}
        />
      ) : (
        <>
          <p className="mb-3 text-sm" data-testid="check-summary">
            {s.fail > 0 ? (
              <span className="font-medium text-red-700 dark:text-red-400">
                {s.fail} of {s.total} checks failed
              </span>
            ) : (
              <span className="font-medium text-green-800 dark:text-green-400">No check failed</span>
            )}
            {s.warn > 0 && <span className="text-amber-800 dark:text-amber-300"> · {s.warn} warning{s.warn === 1 ? "" : "s"}</span>}
            <span className="text-gray-600 dark:text-gray-400"> · checked {formatDateTime(rep?.checked_at || site.last_check)}</span>
            {rep?.plugin_version && <span className="text-gray-600 dark:text-gray-400"> · plugin {rep.plugin_version}</span>}
          </p>
          <Checklist checks={checks} />
        </>
      )}
      <PasswordDialog site={site} open={dialog === "password"} onOpenChange={(o) => setDialog(o ? "password" : "")} onSaved={() => check.mutate()} />
      <PluginDialog site={site} open={dialog === "plugin"} onOpenChange={(o) => setDialog(o ? "plugin" : "")} onCheck={() => check.mutate()} checking={check.isPending} />
    </Section>
  );
}

export function Checklist({ checks }: { checks: CheckItem[] }) {
  return (
    <ul className="space-y-2" aria-label="Connection check">
      {checks.map((c) => {
        const s = icons[c.status] ?? icons.skip;
        const Icon = s.icon;
        return (
          <li key={c.id} className="flex gap-2" data-testid="check-item" data-status={c.status} data-check={c.id}>
            <Icon className={`mt-0.5 size-4 shrink-0 ${s.cls}`} aria-hidden="true" />
            <div className="min-w-0 text-sm">
              <p>
                <span className="sr-only">{s.label}: </span>
                <span className="break-words">{c.detail || c.id}</span>
              </p>
              {c.fix && c.status !== "pass" && (
                <p className="mt-0.5 break-words text-gray-700 dark:text-gray-300">
                  <span className="font-medium">Fix: </span>
                  {c.fix}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function PasswordDialog({ site, open, onOpenChange, onSaved }: { site: SiteRecord; open: boolean; onOpenChange: (o: boolean) => void; onSaved: () => void }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const [user, setUser] = useState(site.wp_username ?? "");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const admin = `${site.url.replace(/\/+$/, "")}/wp-admin/profile.php#application-passwords-section`;
  return (
    <FormModal
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          setPassword("");
          setErrors({});
        }
        onOpenChange(o);
      }}
      title="Connect with an Application Password"
      description={
        <>
          No plugin needed (WordPress 5.6 or later). In WordPress, open{" "}
          <a className="underline" href={admin} target="_blank" rel="noreferrer">
            Users → Profile → Application Passwords
          </a>
          , add one named “igny8” and paste it here. igny8 stores it encrypted and never shows it again.
        </>
      }
      submitLabel="Save and check"
      onSubmit={async () => {
        const fields: Record<string, string> = {};
        if (!user.trim()) fields.wp_username = "Enter the WordPress username.";
        if (!password.trim()) fields.app_password = "Paste the Application Password.";
        setErrors(fields);
        if (Object.keys(fields).length) throw new Error("Fill in both fields.");
        try {
          await setCredentials(site.id, { transport: "rest", wp_username: user.trim(), app_password: password.trim() });
        } catch (err) {
          setErrors(describeError(err).fields);
          throw err;
        }
        setPassword("");
        void qc.invalidateQueries({ queryKey: sitesKeys.site(ws.id, site.id) });
        onSaved();
      }}
    >
      <Field label="WordPress username" error={errors.wp_username}>
        {(p) => <Input {...p} value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" maxLength={120} />}
      </Field>
      <Field label="Application Password" hint="Like “abcd efgh ijkl mnop qrst uvwx”; the spaces may stay." error={errors.app_password}>
        {(p) => <Input {...p} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />}
      </Field>
    </FormModal>
  );
}

function PluginDialog({ site, open, onOpenChange, onCheck, checking }: { site: SiteRecord; open: boolean; onOpenChange: (o: boolean) => void; onCheck: () => void; checking: boolean }) {
  const [token, setToken] = useState<LinkToken | null>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState("");
  const issue = useMutation({ mutationFn: () => linkToken(site.id), onSuccess: setToken, onError: toastError });
  const confirm = useMutation({
    mutationFn: () => confirmLinkCode(site.id, code.trim()),
    onSuccess: () => {
      setCode("");
      toast.success("The plugin is linked", { body: "Checking the connection now." });
      onCheck();
    },
    onError: (err) => {
      const p = describeError(err);
      setCodeError(p.fields.code ?? p.title);
    },
  });
  const close = (o: boolean) => {
    if (!o) {
      setToken(null); // shown once: closing forgets it
      setCodeError("");
    }
    onOpenChange(o);
  };
  const copy = async () => {
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token.token);
      toast.success("Link token copied");
    } catch {
      toast.error("Could not copy", { body: "Select the token and copy it by hand." });
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Connect with the igny8 Bridge plugin"
      description="The plugin signs every request with a secret of this site, and works on hosts that strip the Authorization header."
      footer={
        <>
          <Button variant="secondary" onClick={() => close(false)}>
            Close
          </Button>
          <Button loading={checking} onClick={onCheck}>
            Check connection
          </Button>
        </>
      }
    >
      <ol className="list-decimal space-y-4 pl-5 text-sm">
        <li>
          <p>Download the plugin and install it in WordPress: Plugins → Add New → Upload Plugin, then activate it.</p>
          <a className="mt-2 inline-flex items-center gap-1 font-medium text-brand-700 underline dark:text-brand-300" href={pluginZipUrl} download="igny8-bridge.zip">
            <Download className="size-4" aria-hidden="true" />
            Download igny8-bridge.zip
          </a>
        </li>
        <li>
          <p>Create a link token and paste it in WordPress under Settings → igny8. It is shown once and is valid for 12 hours.</p>
          {token ? (
            <div className="mt-2 space-y-2">
              <Field label="Link token" hint={`Valid until ${formatDateTime(token.expires)}. Closing this dialog hides it; create a new one if you lose it.`}>
                {(p) => <Textarea {...p} readOnly rows={3} value={token.token} className="font-mono text-xs break-all" onFocus={(e) => e.currentTarget.select()} />}
              </Field>
              <div className="flex flex-wrap gap-2">
                <Button size="sm" variant="secondary" onClick={() => void copy()}>
                  <Copy className="size-4" aria-hidden="true" />
                  Copy token
                </Button>
                <a className="inline-flex h-8 items-center gap-1 px-1 text-sm font-medium text-brand-700 underline dark:text-brand-300" href={token.settings_url} target="_blank" rel="noreferrer">
                  <ExternalLink className="size-4" aria-hidden="true" />
                  Open Settings → igny8
                </a>
              </div>
            </div>
          ) : (
            <Button size="sm" className="mt-2" loading={issue.isPending} onClick={() => issue.mutate()}>
              Create link token
            </Button>
          )}
        </li>
        <li>
          <p>The plugin asks this igny8 to confirm the token. If WordPress cannot reach igny8, it shows a code instead: enter it here.</p>
          <form
            className="mt-2 flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              setCodeError("");
              confirm.mutate();
            }}
          >
            <Field label="Confirmation code" error={codeError} className="w-40">
              {(p) => <Input {...p} value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-EFGH" maxLength={9} autoComplete="off" />}
            </Field>
            <Button type="submit" size="sm" variant="secondary" loading={confirm.isPending} disabled={!code.trim()}>
              Confirm code
            </Button>
          </form>
        </li>
        <li>Check the connection: when the plugin's link works, igny8 switches the site to it.</li>
      </ol>
    </Dialog>
  );
}
