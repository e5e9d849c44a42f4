// Team: the workspace's members and roles; admins invite by email with a role, see the
// pending invitations (revoke), change roles and remove members; anyone may leave. The
// last-owner rule is said where it applies: the only owner can be neither demoted nor
// removed, nor leave, until someone else is owner.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { UserPlus, Users } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { FormModal } from "@/components/FormModal";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Input, Select } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace, workspacesKey } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { describeError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { roleAtLeast, type Role } from "@/lib/types";
import { toastError } from "@/features/planner/errors";
import { changeRole, invite, listInvitations, listMembers, removeMember, revokeInvitation, roleInfo, teamKeys, type InviteAnswer, type Invitation, type Member } from "./api";

const roles: Role[] = ["viewer", "editor", "admin", "owner"];

export function TeamPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const isAdmin = useCan("admin");
  const [inviting, setInviting] = useState(false);
  const [sent, setSent] = useState<InviteAnswer | null>(null);
  const members = useQuery({ queryKey: teamKeys.members(ws.id), queryFn: ({ signal }) => listMembers(ws.id, signal) });
  const refresh = () => void qc.invalidateQueries({ queryKey: teamKeys.all(ws.id) });
  useCollectionEvents("memberships", ws.id, refresh);
  useResync(refresh);
  const owners = (members.data ?? []).filter((m) => m.role === "owner").length;
  const inviteButton = isAdmin && (
    <Button onClick={() => setInviting(true)}>
      <UserPlus className="size-4" aria-hidden="true" />
      Invite someone
    </Button>
  );
  return (
    <>
      <PageHeader title="Team" description="Who works in this workspace, and what each role may do." actions={inviteButton} />
      <section aria-labelledby="team-members" className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <h2 id="team-members" className="border-b border-gray-200 px-4 py-3 text-base font-semibold dark:border-gray-800">
          Members {members.data && `(${members.data.length})`}
        </h2>
        {members.isPending ? (
          <PageLoading label="Loading members" />
        ) : members.isError ? (
          <PageError error={members.error} onRetry={() => void members.refetch()} />
        ) : members.data.length === 0 ? (
          <EmptyState icon={<Users className="size-8" aria-hidden="true" />} title="No members" body={isAdmin ? "Invite someone by email." : undefined} action={inviteButton} />
        ) : (
          <ul className="divide-y divide-gray-100 dark:divide-gray-800" aria-label="Members">
            {members.data.map((m) => (
              <li key={m.membership} className="px-4 py-3">
                <MemberRow member={m} owners={owners} />
              </li>
            ))}
          </ul>
        )}
        {owners === 1 && <p className="border-t border-gray-200 px-4 py-3 text-xs text-gray-600 dark:border-gray-800 dark:text-gray-400">A workspace always keeps at least one owner: to change or remove its only owner, make someone else owner first.</p>}
      </section>
      <dl className="mt-4 grid gap-1 text-sm text-gray-700 sm:grid-cols-2 dark:text-gray-300">
        {roles.map((r) => (
          <div key={r}>
            <dt className="inline font-medium capitalize">{r}</dt> <dd className="inline">— {roleInfo[r]}</dd>
          </div>
        ))}
      </dl>
      {isAdmin && <Invitations onInvite={() => setInviting(true)} />}
      <InviteDialog open={inviting} onOpenChange={setInviting} onSent={setSent} />
      <LinkDialog answer={sent} onClose={() => setSent(null)} />
    </>
  );
}

function MemberRow({ member: m, owners }: { member: Member; owners: number }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState<"" | "remove" | "leave">("");
  const myRole = ws.role;
  const isAdmin = roleAtLeast(myRole, "admin");
  const lastOwner = m.role === "owner" && owners <= 1;
  // admins manage non-owners; owners manage everyone
  const manageable = isAdmin && (m.role !== "owner" || myRole === "owner");
  const role = useMutation({
    mutationFn: (r: Role) => changeRole(ws.id, m.membership, r),
    onSuccess: (_, r) => {
      toast.success(`${m.name || m.email || "Member"} is now ${r}`);
      void qc.invalidateQueries({ queryKey: teamKeys.all(ws.id) });
      if (m.you) void qc.invalidateQueries({ queryKey: workspacesKey });
    },
    onError: toastError,
  });
  const who = m.name || m.email || "This member";
  const selectId = `role-${m.membership}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3" data-testid="member-row" data-role={m.role}>
      <div className="min-w-0">
        <p className="font-medium break-words">
          {m.name || m.email || "Unnamed member"}
          {m.you && <span className="ml-2 text-xs font-normal text-gray-600 dark:text-gray-400">(you)</span>}
        </p>
        <p className="text-xs break-all text-gray-600 dark:text-gray-400">
          {m.email && m.name ? `${m.email} · ` : ""}joined {formatDate(m.joined)}
        </p>
        {lastOwner && (manageable || m.you) && <p className="mt-0.5 text-xs text-amber-800 dark:text-amber-300">The only owner: make someone else owner before changing this role or leaving.</p>}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {manageable ? (
          <>
            <label htmlFor={selectId} className="sr-only">
              Role of {who}
            </label>
            <Select id={selectId} className="w-auto" value={m.role} disabled={role.isPending || lastOwner} onChange={(e) => role.mutate(e.target.value as Role)}>
              {roles
                .filter((r) => r !== "owner" || myRole === "owner")
                .map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
            </Select>
          </>
        ) : (
          <Badge tone={m.role === "owner" ? "brand" : "gray"}>{m.role}</Badge>
        )}
        {m.you ? (
          <Button size="sm" variant="secondary" disabled={lastOwner} title={lastOwner ? "Make someone else owner first." : undefined} onClick={() => setConfirm("leave")}>
            Leave
          </Button>
        ) : (
          manageable && (
            <Button size="sm" variant="secondary" disabled={lastOwner} onClick={() => setConfirm("remove")} aria-label={`Remove ${who}`}>
              Remove
            </Button>
          )
        )}
      </div>
      <ConfirmDialog
        open={confirm !== ""}
        onOpenChange={(o) => !o && setConfirm("")}
        destructive
        title={confirm === "leave" ? `Leave ${ws.name}?` : `Remove ${who} from ${ws.name}?`}
        body={confirm === "leave" ? "You lose access to this workspace until someone invites you again." : "They lose access to this workspace at once. Their work stays."}
        confirmLabel={confirm === "leave" ? "Leave workspace" : `Remove ${who}`}
        onConfirm={async () => {
          await removeMember(ws.id, m.membership);
          if (confirm === "leave") {
            toast.success(`You left ${ws.name}`);
            qc.removeQueries({ queryKey: [ws.id] });
            await qc.invalidateQueries({ queryKey: workspacesKey });
            navigate("/", { replace: true });
            return;
          }
          toast.success(`${who} was removed`);
          void qc.invalidateQueries({ queryKey: teamKeys.all(ws.id) });
        }}
      />
    </div>
  );
}

function Invitations({ onInvite }: { onInvite: () => void }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: teamKeys.invitations(ws.id), queryFn: ({ signal }) => listInvitations(ws.id, signal) });
  useCollectionEvents<Invitation>("invitations", ws.id, () => void qc.invalidateQueries({ queryKey: teamKeys.invitations(ws.id) }));
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  return (
    <section aria-labelledby="team-invitations" className="mt-6 rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <h2 id="team-invitations" className="border-b border-gray-200 px-4 py-3 text-base font-semibold dark:border-gray-800">
        Pending invitations {q.data && `(${q.data.length})`}
      </h2>
      {q.isPending ? (
        <PageLoading label="Loading invitations" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState
          title="No pending invitations"
          body="An invitation counts against the plan's users until it is accepted, revoked or expires (14 days)."
          action={
            <Button variant="secondary" onClick={onInvite}>
              Invite someone
            </Button>
          }
        />
      ) : (
        <ul className="divide-y divide-gray-100 dark:divide-gray-800" aria-label="Pending invitations">
          {q.data.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="invitation-row">
              <div className="min-w-0">
                <p className="font-medium break-all">{i.email}</p>
                <p className="text-xs text-gray-600 dark:text-gray-400">
                  {i.role} · expires {formatDate(i.expires)}
                </p>
              </div>
              <Button size="sm" variant="secondary" onClick={() => setRevoking(i)} disabled={i.role === "owner" && ws.role !== "owner"} aria-label={`Revoke the invitation of ${i.email}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        destructive
        title={`Revoke the invitation of ${revoking?.email ?? ""}?`}
        body="Its link stops working and its seat is free again. You can invite them again later."
        confirmLabel="Revoke invitation"
        onConfirm={async () => {
          if (!revoking) return;
          await revokeInvitation(ws.id, revoking.id);
          toast.success(`Invitation of ${revoking.email} revoked`);
          void qc.invalidateQueries({ queryKey: teamKeys.invitations(ws.id) });
        }}
      />
    </section>
  );
}

function InviteDialog({ open, onOpenChange, onSent }: { open: boolean; onOpenChange: (o: boolean) => void; onSent: (a: InviteAnswer) => void }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <FormModal
      open={open}
      onOpenChange={(o) => {
        if (!o) setErrors({});
        onOpenChange(o);
      }}
      title="Invite someone"
      description="They become a member once they accept, signed in with this email address."
      submitLabel="Send invitation"
      onSubmit={async () => {
        setErrors({});
        try {
          const a = await invite(ws.id, email.trim(), role);
          void qc.invalidateQueries({ queryKey: teamKeys.invitations(ws.id) });
          setEmail("");
          if (a.mailed) toast.success(`Invitation sent to ${a.email}`);
          else onSent(a);
        } catch (err) {
          setErrors(describeError(err).fields);
          throw err;
        }
      }}
    >
      <Field label="Email" error={errors.email}>
        {(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" required />}
      </Field>
      <Field label="Role" hint={roleInfo[role]} error={errors.role}>
        {(p) => (
          <Select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles
              .filter((r) => r !== "owner" || ws.role === "owner")
              .map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
          </Select>
        )}
      </Field>
    </FormModal>
  );
}

/** Without mail on the server, the inviter passes the link on (shown once). */
function LinkDialog({ answer, onClose }: { answer: InviteAnswer | null; onClose: () => void }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(answer?.link ?? "");
      toast.success("Link copied");
    } catch {
      toast.error("Could not copy", { body: "Select the link and copy it by hand." });
    }
  };
  return (
    <FormModal open={!!answer} onOpenChange={(o) => !o && onClose()} title={`Invitation for ${answer?.email ?? ""}`} description="This server sends no mail: pass this link on yourself. It is shown once and works for 14 days." submitLabel="Copy link" onSubmit={copy}>
      <Field label="Invitation link">{(p) => <Input {...p} readOnly value={answer?.link ?? ""} onFocus={(e) => e.currentTarget.select()} />}</Field>
    </FormModal>
  );
}
