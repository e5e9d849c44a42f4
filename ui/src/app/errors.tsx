import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { PageError } from "@/components/States";

export function NotFoundPage({ what = "page" }: { what?: string }) {
  return (
    <main className="mx-auto my-16 max-w-md px-4 text-center">
      <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">404</p>
      <h1 className="mt-2 text-2xl font-semibold">This {what} does not exist</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-400">It may have been removed, or it belongs to an account you are not signed in with.</p>
      <Link to="/" className="mt-6 inline-block font-medium text-brand-700 underline dark:text-brand-300">
        Go to your workspace
      </Link>
    </main>
  );
}

export function ForbiddenPage() {
  return (
    <main className="mx-auto my-16 max-w-md px-4 text-center">
      <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You may not open this</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-400">Your role in this workspace does not include it. An admin or owner can change your role.</p>
      <Link to="/" className="mt-6 inline-block font-medium text-brand-700 underline dark:text-brand-300">
        Back to the dashboard
      </Link>
    </main>
  );
}

/** The route-level error boundary. */
export function RouteError() {
  const err = useRouteError();
  if (isRouteErrorResponse(err) && err.status === 404) return <NotFoundPage />;
  return (
    <main className="px-4">
      <PageError error={err} onRetry={() => window.location.reload()} />
    </main>
  );
}
