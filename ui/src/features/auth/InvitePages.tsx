import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { PageError, PageLoading, EmptyState } from "@/components/States";
import { describeError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { useUser } from "@/lib/session";
import { fetchWorkspaces, workspacesKey } from "@/hooks/useWorkspace";
import { AuthLayout, FormError, linkClass } from "./AuthLayout";
import { acceptInvitation, declineInvitation, myInvitations } from "./api";

/** The invitation link: /?invite=<id>&token=<token> (sent here by HomeRedirect). */
export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const user = useUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const id = params.get("invite") ?? "";
  const token = params.get("token") ?? undefined;
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  if (!user) {
    const here = `/invite?${params}`;
    return (
      <AuthLayout title="You are invited to a workspace" subtitle="Sign in or create an account with the email address the invitation was sent to.">
        <div className="flex flex-col gap-3">
          <Link to={`/sign-in?next=${encodeURIComponent(here)}`} className="inline-flex h-10 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            Sign in to accept
          </Link>
          <Link to={`/sign-up?invite=${encodeURIComponent(id)}${token ? `&token=${encodeURIComponent(token)}` : ""}`} className="text-center text-sm font-medium text-brand-700 underline dark:text-brand-300">
            Create an account
          </Link>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Accept the invitation" subtitle={`Signed in as ${user.email}.`} footer={<Link to="/" className={linkClass}>Not now</Link>}>
      <div className="space-y-4">
        <FormError>{error}</FormError>
        <div className="flex gap-2">
          <Button
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError("");
              try {
                const m = await acceptInvitation(id, token);
                const list = await qc.fetchQuery({ queryKey: workspacesKey, queryFn: ({ signal }) => fetchWorkspaces(signal), staleTime: 0 });
                const ws = list.find((w) => w.id === m.tenant);
                navigate(ws ? `/t/${ws.slug}/dashboard` : "/", { replace: true });
              } catch (err) {
                const p = describeError(err);
                setError(
                  p.status === 404
                    ? "This invitation is not open any more (expired, withdrawn, answered, or sent to another address)."
                    : p.status === 403
                      ? "Verify your email first, or open the link from the invitation mail."
                      : p.title,
                );
              } finally {
                setBusy(false);
              }
            }}
          >
            Join the workspace
          </Button>
          <Button
            variant="secondary"
            onClick={async () => {
              await declineInvitation(id).catch(() => {});
              navigate("/", { replace: true });
            }}
          >
            Decline
          </Button>
        </div>
      </div>
    </AuthLayout>
  );
}

/** The signed-in user's open invitations (also the page of a user without a workspace). */
export function InvitationsPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ["invitations"], queryFn: ({ signal }) => myInvitations(signal) });
  const ws = useQuery({ queryKey: workspacesKey, queryFn: ({ signal }) => fetchWorkspaces(signal) });
  const [error, setError] = useState("");
  return (
    <AuthLayout title="Invitations" footer={ws.data?.length ? <Link to="/" className={linkClass}>Back to your workspace</Link> : undefined}>
      {q.isPending ? (
        <PageLoading />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No open invitations" body={ws.data?.length ? "Invitations to other workspaces appear here." : "You are not in any workspace yet. Ask an admin of a workspace to invite you."} />
      ) : (
        <ul className="space-y-3">
          <FormError>{error}</FormError>
          {q.data.map((inv) => (
            <li key={inv.id} className="rounded-lg border border-gray-200 p-3 dark:border-gray-800">
              <p className="font-medium break-words">{inv.workspace}</p>
              <p className="text-sm text-gray-600 dark:text-gray-400">
                as {inv.role}
                {inv.invited_by ? `, invited by ${inv.invited_by}` : ""} · until {formatDate(inv.expires)}
              </p>
              <div className="mt-2 flex gap-2">
                <Button
                  size="sm"
                  onClick={async () => {
                    try {
                      await acceptInvitation(inv.id);
                      await qc.invalidateQueries({ queryKey: workspacesKey });
                      navigate("/", { replace: true });
                    } catch (err) {
                      setError(describeError(err).status === 403 ? "Verify your email first, or open the link from the invitation mail." : describeError(err).title);
                    }
                  }}
                >
                  Join
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={async () => {
                    await declineInvitation(inv.id).catch(() => {});
                    await q.refetch();
                  }}
                >
                  Decline
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </AuthLayout>
  );
}
