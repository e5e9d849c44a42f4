import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { describeError } from "@/lib/errors";
import { AuthLayout, FormError, linkClass } from "./AuthLayout";
import { confirmPasswordReset, requestPasswordReset } from "./api";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  return (
    <AuthLayout title="Reset your password" subtitle="We send a link to reset it to your email." footer={<Link to="/sign-in" className={linkClass}>Back to sign in</Link>}>
      {sent ? (
        <p role="status" className="text-sm">
          If an account uses <strong className="break-all">{email}</strong>, a reset link is on its way. Without a mail server, your operator finds it in the mail log.
        </p>
      ) : (
        <form
          className="space-y-4"
          onSubmit={async (e) => {
            e.preventDefault();
            setError("");
            if (!email.includes("@")) return setError("Enter your email address.");
            setBusy(true);
            try {
              await requestPasswordReset(email.trim());
              setSent(true);
            } catch (err) {
              const p = describeError(err);
              setError(`${p.title} ${p.hint ?? ""}`);
            } finally {
              setBusy(false);
            }
          }}
        >
          <FormError>{error}</FormError>
          <Field label="Email">{(p) => <Input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
          <Button type="submit" className="w-full" loading={busy}>
            Send the link
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}

export function ResetPasswordPage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  return (
    <AuthLayout title="Choose a new password" footer={<Link to="/sign-in" className={linkClass}>Back to sign in</Link>}>
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setError("");
          if (password.length < 8) return setError("The password needs at least 8 characters.");
          if (password !== again) return setError("The two passwords differ.");
          setBusy(true);
          try {
            await confirmPasswordReset(token, password);
            navigate("/sign-in?reset=1", { replace: true });
          } catch (err) {
            const p = describeError(err);
            setError(p.status === 400 ? "This link is invalid or has expired. Ask for a new one." : p.title);
          } finally {
            setBusy(false);
          }
        }}
      >
        <FormError>{error}</FormError>
        <Field label="New password" hint="8 to 71 characters.">
          {(p) => <Input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="New password again">{(p) => <Input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}</Field>
        <Button type="submit" className="w-full" loading={busy}>
          Set the password
        </Button>
      </form>
    </AuthLayout>
  );
}
