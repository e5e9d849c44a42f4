// /confirm-email-change/:token — the link in the email-change mail: the password
// confirms it (PocketBase's confirm-email-change), then the person signs in with
// the new address.
import { useState } from "react";
import { Link, useParams } from "react-router";
import { AuthLayout } from "@/features/auth/AuthLayout";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { describeError, fieldMessages } from "@/lib/errors";
import { pb } from "@/lib/pb";
import { signOut } from "@/lib/session";

export function ConfirmEmailChangePage() {
  const { token = "" } = useParams();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <AuthLayout title="Email changed">
        <p className="text-sm">Your account now uses the new address. Sign in with it.</p>
        <Link className="mt-4 inline-block font-medium text-brand-700 underline dark:text-brand-300" to="/sign-in">
          Sign in
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Confirm your new email">
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError("");
          try {
            await pb.collection("users").confirmEmailChange(token, password, { requestKey: null });
            signOut(); // the old session's token no longer matches the account
            setDone(true);
          } catch (err) {
            const f = fieldMessages(err);
            const d = describeError(err);
            setError(f.password ?? (f.token ? "This link is invalid or has expired; request the change again from your account." : d.title));
          } finally {
            setBusy(false);
          }
        }}
      >
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
            {error}
          </p>
        )}
        <Field label="Your password">
          {(p) => <Input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        <Button type="submit" loading={busy} disabled={!password} className="w-full">
          Confirm the new email
        </Button>
      </form>
    </AuthLayout>
  );
}
