import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "@/lib/zod";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { describeError } from "@/lib/errors";
import { safeNext } from "@/app/guards";
import { AuthLayout, FormError, linkClass } from "./AuthLayout";
import { requestOTP, signIn, signInWithOTP } from "./api";

const schema = z.object({
  email: z.string().trim().email("Enter your email address."),
  password: z.string().min(1, "Enter your password."),
});
type Values = z.infer<typeof schema>;

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState("");
  const [mfa, setMfa] = useState<{ mfaId: string; otpId: string; email: string } | null>(null);
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const next = safeNext(params.get("next"));

  const onSubmit = handleSubmit(async (v) => {
    setError("");
    try {
      const r = await signIn(v.email, v.password);
      if (r.mfaId) {
        const otpId = await requestOTP(v.email);
        setMfa({ mfaId: r.mfaId, otpId, email: v.email });
        return;
      }
      navigate(next, { replace: true });
    } catch (err) {
      const p = describeError(err);
      setError(p.status === 400 ? "The email or password is wrong." : `${p.title} ${p.hint ?? ""}`);
    }
  });

  if (mfa) return <OTPStep {...mfa} onDone={() => navigate(next, { replace: true })} />;

  return (
    <AuthLayout
      title="Sign in"
      subtitle="to your igny8 workspace"
      footer={
        <>
          No account yet?{" "}
          <Link to={`/sign-up${params.toString() ? `?${params}` : ""}`} className={linkClass}>
            Create a workspace
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError>{error}</FormError>
        <Field label="Email" error={formState.errors.email?.message}>
          {(p) => <Input {...p} type="email" autoComplete="email" {...register("email")} />}
        </Field>
        <Field label="Password" error={formState.errors.password?.message}>
          {(p) => <Input {...p} type="password" autoComplete="current-password" {...register("password")} />}
        </Field>
        <div className="flex justify-end text-sm">
          <Link to="/forgot-password" className={linkClass}>
            Forgot your password?
          </Link>
        </div>
        <Button type="submit" className="w-full" loading={formState.isSubmitting}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}

function OTPStep({ mfaId, otpId, email, onDone }: { mfaId: string; otpId: string; email: string; onDone: () => void }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout title="Enter your code" subtitle={`We sent a one-time code to ${email}.`}>
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError("");
          try {
            await signInWithOTP(otpId, code.trim(), mfaId);
            onDone();
          } catch (err) {
            setError(describeError(err).status === 400 ? "The code is wrong or has expired." : describeError(err).title);
          } finally {
            setBusy(false);
          }
        }}
      >
        <FormError>{error}</FormError>
        <Field label="One-time code">{(p) => <Input {...p} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />}</Field>
        <Button type="submit" className="w-full" loading={busy}>
          Verify
        </Button>
      </form>
    </AuthLayout>
  );
}
