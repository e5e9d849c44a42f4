import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "@/lib/zod";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { applyServerErrors } from "@/lib/forms";
import { queryClient } from "@/lib/queryClient";
import { workspacesKey } from "@/hooks/useWorkspace";
import { AuthLayout, FormError, linkClass } from "./AuthLayout";
import { signup } from "./api";

const schema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120),
  email: z.string().trim().email("Enter your email address."),
  password: z.string().min(8, "At least 8 characters.").max(71, "At most 71 characters."),
  workspace: z.string().trim().min(1, "Name your workspace.").max(120),
});
type Values = z.infer<typeof schema>;
const fields = ["name", "email", "password", "workspace"] as const;

export function SignUpPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState("");
  const { register, handleSubmit, formState, setError: setFieldError } = useForm<Values>({ resolver: zodResolver(schema) });

  const onSubmit = handleSubmit(async (v) => {
    setError("");
    try {
      const res = await signup(v);
      await queryClient.invalidateQueries({ queryKey: workspacesKey });
      const invite = params.get("invite");
      if (invite) navigate(`/invite?${params}`, { replace: true });
      else if (res.meta.invitations?.length) navigate("/invitations", { replace: true });
      else navigate(`/t/${res.meta.tenant.slug}/dashboard`, { replace: true });
    } catch (err) {
      setError(applyServerErrors(err, setFieldError, fields));
    }
  });

  return (
    <AuthLayout
      title="Create your workspace"
      subtitle="Start with Trial credits; no card needed."
      footer={
        <>
          Already have an account?{" "}
          <Link to={`/sign-in${params.toString() ? `?${params}` : ""}`} className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError>{error}</FormError>
        <Field label="Your name" error={formState.errors.name?.message}>
          {(p) => <Input {...p} autoComplete="name" {...register("name")} />}
        </Field>
        <Field label="Email" error={formState.errors.email?.message}>
          {(p) => <Input {...p} type="email" autoComplete="email" {...register("email")} />}
        </Field>
        <Field label="Password" hint="8 to 71 characters." error={formState.errors.password?.message}>
          {(p) => <Input {...p} type="password" autoComplete="new-password" {...register("password")} />}
        </Field>
        <Field label="Workspace name" hint="Your agency, company or site; you can invite people to it." error={formState.errors.workspace?.message}>
          {(p) => <Input {...p} autoComplete="organization" {...register("workspace")} />}
        </Field>
        <Button type="submit" className="w-full" loading={formState.isSubmitting}>
          Create workspace
        </Button>
      </form>
    </AuthLayout>
  );
}
