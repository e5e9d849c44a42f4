// The site page's Internal links panel: what the Linker has for the site at a glance
// (suggestions waiting, links in posts) and the way to its Links page.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useWorkspace } from "@/hooks/useWorkspace";
import { formatNumber } from "@/lib/format";
import { Skeleton } from "@/components/ui/Spinner";
import { PageError } from "@/components/States";
import { Section } from "@/features/sites/Section";
import { linkerKeys, siteLinkCounts } from "./api";

export function SiteLinksSection({ site }: { site: { id: string } }) {
  const ws = useWorkspace();
  const q = useQuery({ queryKey: linkerKeys.siteCounts(ws.id, site.id), queryFn: ({ signal }) => siteLinkCounts(ws.id, site.id, signal) });
  const to = `/t/${ws.slug}/sites/${site.id}/links`;
  return (
    <Section id="site-links" title="Internal links" description="The Linker's links between this site's posts: suggested, approved, in the posts.">
      {q.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
          <p data-testid="site-links-summary">
            {formatNumber(q.data.suggested)} suggested · {formatNumber(q.data.inserted)} in posts
            {q.data.approved + q.data.removing > 0 ? ` · ${formatNumber(q.data.approved + q.data.removing)} on their way` : ""}
          </p>
          <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={q.data.suggested ? `${to}?status=suggested` : to}>
            {q.data.suggested ? "Review the suggestions" : "See all links"}
          </Link>
        </div>
      )}
    </Section>
  );
}
