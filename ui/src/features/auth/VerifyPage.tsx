import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { Spinner } from "@/components/ui/Spinner";
import { pb } from "@/lib/pb";
import { useUser } from "@/lib/session";
import { describeError } from "@/lib/errors";
import { AuthLayout, FormError, linkClass } from "./AuthLayout";
import { confirmVerification, requestVerification } from "./api";

/** The link of the verification mail: /verify/<token>. */
export function VerifyPage() {
  const { token = "" } = useParams();
  const [state, setState] = useState<"working" | "done" | "failed">("working");
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    confirmVerification(token)
      .then(async () => {
        setState("done");
        if (pb.authStore.isValid) await pb.collection("users").authRefresh({ requestKey: null }).catch(() => {});
      })
      .catch(() => setState("failed"));
  }, [token]);
  return (
    <AuthLayout title="Email verification" footer={<Link to="/" className={linkClass}>Go to igny8</Link>}>
      {state === "working" && (
        <p role="status" className="flex items-center gap-2 text-sm">
          <Spinner className="size-4" /> Verifying…
        </p>
      )}
      {state === "done" && <p role="status" className="text-sm">Your email is verified. Your workspace's Trial credits are released.</p>}
      {state === "failed" && <FormError>This link is invalid or has expired. Sign in and ask for a new one.</FormError>}
    </AuthLayout>
  );
}

/** In the app: "verify your email" with a button that sends the mail again. */
export function VerifyEmailNotice() {
  const user = useUser();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState("");
  if (!user || user.verified) return null;
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 border-b border-brand-200 bg-brand-50 px-4 py-2 text-sm text-brand-950 dark:border-brand-900 dark:bg-brand-950/60 dark:text-brand-50">
      <span>{sent ? "The verification mail is on its way." : "Verify your email address: Trial credits and invitations wait for it."}</span>
      {!sent && (
        <Button
          size="sm"
          variant="secondary"
          onClick={async () => {
            try {
              await requestVerification(user.email);
              setSent(true);
            } catch (err) {
              setError(describeError(err).title);
            }
          }}
        >
          Send the link again
        </Button>
      )}
      {error && <span className="text-red-800 dark:text-red-300">{error}</span>}
    </div>
  );
}
