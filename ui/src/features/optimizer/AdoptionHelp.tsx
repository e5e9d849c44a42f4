// A post igny8 did not publish (found by the site index) can be suggested for a refresh
// but not rewritten: a refresh rewrites an igny8 article and republishes it to the post
// the article owns. This says how a post becomes an article's post, as the server
// requires it (POST /api/igny8/contents/{content}/adopt, admins and owners; docs/API.md).
import { Link } from "react-router";
import { ExternalLink } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import type { RefreshRow } from "./api";

export function AdoptionHelp({ open, onOpenChange, refresh, slug }: { open: boolean; onOpenChange: (o: boolean) => void; refresh: RefreshRow; slug: string }) {
  const postId = refresh.expand?.page?.wp_id ?? 0;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="This post was not published by igny8"
      description="igny8 found it on the site and sees why it needs a refresh, but only rewrites and republishes its own articles. igny8 never writes to a post it did not create unless an admin adopts the post into an article."
      footer={
        <Button variant="secondary" onClick={() => onOpenChange(false)} data-autofocus>
          Close
        </Button>
      }
    >
      <div className="space-y-3 text-sm" data-testid="adoption-help">
        <h3 className="font-medium">How to refresh it</h3>
        <ol className="list-decimal space-y-1 pl-5">
          <li>
            Make an igny8 article with the post's current text (in the{" "}
            <Link className="underline" to={`/t/${slug}/writer/tasks?site=${refresh.site}`}>
              Writer
            </Link>
            ). igny8 does not copy a post's text into an article yet.
          </li>
          <li>
            An admin or owner adopts the post into that article: <code className="rounded bg-gray-100 px-1 break-all dark:bg-gray-800">POST /api/igny8/contents/&#123;article&#125;/adopt</code> with{" "}
            <code className="rounded bg-gray-100 px-1 break-all dark:bg-gray-800">{`{"wp_post_id": ${postId || "…"}}`}</code>
            {postId ? ` (this post is WordPress post ${postId})` : ""}. igny8 checks the post with WordPress at once and refuses a post another article already owns.
          </li>
          <li>Publish the article: it updates this post instead of creating a new one. From then on, Scan now suggests the article's refresh, which runs, is reviewed here and republishes to the same post.</li>
        </ol>
        {refresh.url && (
          <a className="inline-flex items-center gap-1 font-medium text-brand-700 underline dark:text-brand-300" href={refresh.url} target="_blank" rel="noreferrer noopener">
            Open the live post <ExternalLink className="size-3.5" aria-hidden="true" />
          </a>
        )}
      </div>
    </Dialog>
  );
}
