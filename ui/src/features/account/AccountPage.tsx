// Account: the signed-in person's profile, password, email, two-factor sign-in and
// "sign out everywhere". Everything here is PocketBase's own users API except the
// last (POST /api/igny8/auth/sign-out-everywhere refreshes the token key).
import { useState, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { describeError, fieldMessages } from "@/lib/errors";
import { pb } from "@/lib/pb";
import { signOut, useUser } from "@/lib/session";

const card = "rounded-xl border border-gray-200 bg-white p-4 sm:p-6 dark:border-gray-800 dark:bg-gray-900";

function problem(err: unknown) {
  const d = describeError(err);
  return d.hint ? `${d.title} ${d.hint}` : d.title;
}

function Section({ id, title, children, intro }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className={card}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {intro && <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">{intro}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

function FormError({ text }: { text: string }) {
  return text ? (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
      {text}
    </p>
  ) : null;
}

export function AccountPage() {
  return (
    <>
      <PageHeader title="Account" description="Your profile and how you sign in (for every workspace you belong to)." />
      <div className="max-w-3xl space-y-6">
        <ProfileSection />
        <PasswordSection />
        <EmailSection />
        <TwoFactorSection />
        <SessionsSection />
      </div>
    </>
  );
}

function ProfileSection() {
  const user = useUser();
  const [name, setName] = useState(user?.name ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const save = useMutation({
    mutationFn: () => pb.collection("users").update(user!.id, { name: name.trim() }, { requestKey: null }),
    onMutate: () => {
      setErrors({});
      setError("");
    },
    onSuccess: () => toast.success("Profile saved"),
    onError: (err) => {
      const f = fieldMessages(err);
      setErrors(f);
      if (!f.name) setError(problem(err));
    },
  });
  return (
    <Section id="profile" title="Profile">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <FormError text={error} />
        <Field label="Name" error={errors.name} hint="Shown to the members of your workspaces.">
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={255} autoComplete="name" />}
        </Field>
        <Button type="submit" loading={save.isPending} disabled={name.trim() === (user?.name ?? "")}>
          Save profile
        </Button>
      </form>
    </Section>
  );
}

function PasswordSection() {
  const user = useUser();
  const navigate = useNavigate();
  const [v, setV] = useState({ oldPassword: "", password: "", passwordConfirm: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const save = useMutation({
    mutationFn: async () => {
      await pb.collection("users").update(user!.id, v, { requestKey: null });
      // a new password refreshes the token key: sign this session in again with it
      try {
        await pb.collection("users").authWithPassword(user!.email, v.password, { requestKey: null });
        return true;
      } catch {
        return false; // two-factor accounts sign in again with their code
      }
    },
    onMutate: () => {
      setErrors({});
      setError("");
    },
    onSuccess: (signedIn) => {
      setV({ oldPassword: "", password: "", passwordConfirm: "" });
      toast.success("Password changed", { body: "Every other session is signed out." });
      if (!signedIn) {
        signOut();
        navigate("/sign-in", { replace: true });
      }
    },
    onError: (err) => {
      const f = fieldMessages(err);
      setErrors(f);
      if (!f.oldPassword && !f.password && !f.passwordConfirm) setError(problem(err));
    },
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  return (
    <Section id="password" title="Password" intro="Changing it signs out every other session.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <FormError text={error} />
        <Field label="Current password" error={errors.oldPassword}>
          {(p) => <Input {...p} type="password" autoComplete="current-password" value={v.oldPassword} onChange={set("oldPassword")} required />}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="New password" error={errors.password} hint="At least 8 characters.">
            {(p) => <Input {...p} type="password" autoComplete="new-password" value={v.password} onChange={set("password")} required minLength={8} />}
          </Field>
          <Field label="Repeat the new password" error={errors.passwordConfirm}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" value={v.passwordConfirm} onChange={set("passwordConfirm")} required />}
          </Field>
        </div>
        <Button type="submit" loading={save.isPending} disabled={!v.oldPassword || !v.password}>
          Change password
        </Button>
      </form>
    </Section>
  );
}

function EmailSection() {
  const user = useUser();
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState("");
  const req = useMutation({
    mutationFn: () => pb.collection("users").requestEmailChange(email.trim(), { requestKey: null }),
    onMutate: () => setErrors({}),
    onSuccess: () => {
      setSent(email.trim());
      setEmail("");
    },
    onError: (err) => {
      const f = fieldMessages(err);
      setErrors(f.newEmail ? f : { newEmail: problem(err) });
    },
  });
  return (
    <Section id="email" title="Email" intro={<>You sign in with <strong className="font-medium break-all">{user?.email}</strong>.</>}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (email.trim()) req.mutate();
        }}
      >
        {sent && (
          <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-900 dark:bg-green-950/40 dark:text-green-200">
            A confirmation link is on its way to <strong className="break-all">{sent}</strong>. Open it and enter your password; the change happens then.
          </p>
        )}
        <Field label="New email" error={errors.newEmail}>
          {(p) => <Input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />}
        </Field>
        <Button type="submit" loading={req.isPending} disabled={!email.trim()}>
          Send the confirmation link
        </Button>
      </form>
    </Section>
  );
}

function TwoFactorSection() {
  const user = useUser();
  const on = !!(user as { mfa?: boolean } | null)?.mfa;
  const [error, setError] = useState("");
  const [confirmOff, setConfirmOff] = useState(false);
  const set = useMutation({
    mutationFn: (mfa: boolean) => pb.collection("users").update(user!.id, { mfa }, { requestKey: null }),
    onMutate: () => setError(""),
    onSuccess: (_r, mfa) => toast.success(mfa ? "Two-factor sign-in is on" : "Two-factor sign-in is off"),
    onError: (err) => setError(fieldMessages(err).mfa ?? problem(err)),
  });
  return (
    <Section id="mfa" title="Two-factor sign-in" intro="After your password, igny8 mails you a one-time code to enter.">
      <div className="flex flex-wrap items-center gap-3">
        {on ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
        {on ? (
          <Button variant="secondary" onClick={() => setConfirmOff(true)}>
            Turn off two-factor sign-in
          </Button>
        ) : (
          <Button loading={set.isPending} onClick={() => set.mutate(true)}>
            Turn on two-factor sign-in
          </Button>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirmOff}
        onOpenChange={setConfirmOff}
        title="Turn off two-factor sign-in?"
        body="Your password alone will sign you in again."
        confirmLabel="Turn off two-factor sign-in"
        destructive
        onConfirm={() => set.mutateAsync(false)}
      />
    </Section>
  );
}

function SessionsSection() {
  const [open, setOpen] = useState(false);
  return (
    <Section id="sessions" title="Sessions" intro="Signed in on a computer you no longer use, or a token you gave away? Sign out every other browser and API client; this one stays signed in.">
      <Button variant="danger" onClick={() => setOpen(true)}>
        Sign out everywhere else
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Sign out everywhere else?"
        body="Every other browser and every API token of your account stops working at once."
        confirmLabel="Sign out all other sessions"
        destructive
        onConfirm={async () => {
          const r = await pb.send<{ token: string; record: Record<string, unknown> }>("/api/igny8/auth/sign-out-everywhere", { method: "POST", requestKey: null });
          pb.authStore.save(r.token, r.record as never);
          toast.success("Every other session is signed out");
        }}
      />
    </Section>
  );
}
