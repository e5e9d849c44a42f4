package linker

import (
	"context"
	"fmt"
	"net/url"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ApplyResult is what one apply run did to a source article.
type ApplyResult struct {
	Inserted []string `json:"inserted"`
	Removed  []string `json:"removed"`
	// Left are links that stay approved, with the reason in their error.
	Left []string `json:"left,omitempty"`
	// Rejected are approved links the text made pointless (it already links
	// to the page by hand).
	Rejected []string `json:"rejected,omitempty"`
	// Published is true when the change was sent to the live post.
	Published bool `json:"published"`
	PostID    int  `json:"post_id,omitempty"`
}

// pending lists the source's links the apply must act on.
func pending(app core.App, sourceId string) ([]*core.Record, error) {
	return app.FindRecordsByFilter(collections.InternalLinks,
		"source_content = {:c} && (status = {:a} || status = {:r})", "created", 0, 0,
		dbx.Params{"c": sourceId, "a": collections.LinkApproved, "r": collections.LinkRemoving})
}

// Apply makes the source article's text match its links — approved links
// inserted (at most LinksPerPostMax of them in one post, never twice, never
// in headings or inside a link), links marked for removal unwrapped — and,
// when its post is live, sends it through the publisher (wordpress.Edit).
// Only then are the links marked inserted or removed: a failed send leaves
// them as they were and the text already changed, so the retry finds every
// link in place (nothing is inserted twice) and sends the same text again to
// the same post.
func Apply(ctx context.Context, app core.App, sourceId string) (ApplyResult, error) {
	var res ApplyResult
	links, err := pending(app, sourceId)
	if err != nil {
		return res, fmt.Errorf("links of %s: %w", sourceId, err)
	}
	if len(links) == 0 {
		return res, nil
	}
	why := map[string]string{}
	rejected := map[string]bool{}
	pub, err := wordpress.Edit(ctx, app, sourceId, func(content *core.Record, doc string) (string, error) {
		next := doc
		author := ""
		for _, l := range links {
			if l.GetString("tenant") != content.GetString("tenant") {
				return doc, fmt.Errorf("link %s is not in the content's workspace", l.Id)
			}
			if l.GetString("status") == collections.LinkRemoving {
				if hasLink(next, l.Id) {
					next = removeLink(next, l.Id)
				} else { // moved in from the old plugin: its own <a>, without igny8's mark
					next = unwrapHref(next, targetURL(app, l), l.GetString("anchor"))
				}
				author = l.GetString("decided_by")
			}
		}
		for _, l := range links {
			if l.GetString("status") != collections.LinkApproved || hasLink(next, l.Id) {
				continue
			}
			href := targetURL(app, l)
			switch {
			case !webURL(href):
				why[l.Id] = "the target has no public URL yet"
			case linksTo(next, href):
				rejected[l.Id] = true
			case countLinks(next) >= collections.LinksPerPostMax:
				why[l.Id] = fmt.Sprintf("the post already has %d links from igny8 (the most per post)", collections.LinksPerPostMax)
			default:
				var ok bool
				if next, ok = insertLink(next, l.Id, href, l.GetString("anchor")); !ok {
					why[l.Id] = "the anchor text is no longer in the article outside headings and links"
				} else {
					author = l.GetString("decided_by")
				}
			}
		}
		if next != doc {
			writer.MarkVersion(content, collections.VersionEdit, author, "")
		}
		return next, nil
	})
	if err != nil {
		return res, err
	}
	if pub != nil {
		res.Published, res.PostID = true, pub.PostID
	}
	content, err := app.FindRecordById(collections.Contents, sourceId)
	if err != nil {
		return res, fmt.Errorf("content %s: %w", sourceId, err)
	}
	doc := content.GetString("html")
	err = app.RunInTransaction(func(tx core.App) error {
		for _, l := range links {
			switch {
			case l.GetString("status") == collections.LinkRemoving && !hasLink(doc, l.Id) && !hasHrefAnchor(doc, targetURL(app, l), l.GetString("anchor")):
				l.Set("status", collections.LinkRemoved)
				l.Set("removed_at", types.NowDateTime())
				l.Set("error", "")
				res.Removed = append(res.Removed, l.Id)
			case l.GetString("status") == collections.LinkApproved && hasLink(doc, l.Id):
				l.Set("status", collections.LinkInserted)
				l.Set("inserted_at", types.NowDateTime())
				l.Set("error", "")
				res.Inserted = append(res.Inserted, l.Id)
			case rejected[l.Id]:
				l.Set("status", collections.LinkRejected)
				l.Set("error", "the article already links to this page")
				res.Rejected = append(res.Rejected, l.Id)
			case why[l.Id] != "":
				l.Set("error", why[l.Id])
				res.Left = append(res.Left, l.Id)
			default:
				continue
			}
			if err := tx.Save(l); err != nil {
				return fmt.Errorf("record link %s: %w", l.Id, err)
			}
		}
		return nil
	})
	return res, err
}

// targetURL is where the link points: its target_url, else the URL of its
// target content once that is published (a moved-in link names the post).
func targetURL(app core.App, l *core.Record) string {
	if u := l.GetString("target_url"); u != "" {
		return u
	}
	if c, err := app.FindRecordById(collections.Contents, l.GetString("target_content")); err == nil && c.GetString("tenant") == l.GetString("tenant") {
		return c.GetString("wp_url")
	}
	return ""
}

// webURL reports whether u is an absolute http(s) URL with a host.
func webURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// handleApply runs a linker.apply job (target: the source content). WordPress
// errors are classified as for a publish: 4xx fail at once, the rest retry.
func handleApply(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	content, err := app.FindRecordById(collections.Contents, job.Target())
	if err != nil {
		return jobs.Permanent(fmt.Errorf("content %s: %w", job.Target(), err))
	}
	if content.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("content %s is not in the job's workspace", content.Id))
	}
	res, err := Apply(ctx, app, content.Id)
	if err != nil {
		return wordpress.Classify(err)
	}
	job.SetResult(res)
	return nil
}

// handleSuggest runs a linker.suggest job (target: the content).
func handleSuggest(_ context.Context, job *jobs.Job) error {
	app := job.App()
	content, err := app.FindRecordById(collections.Contents, job.Target())
	if err != nil {
		return jobs.Permanent(fmt.Errorf("content %s: %w", job.Target(), err))
	}
	if content.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("content %s is not in the job's workspace", content.Id))
	}
	res, err := Suggest(app, content.Id)
	if err != nil {
		return err
	}
	job.SetResult(res)
	return nil
}

// EnqueueApply queues the apply job of a source content; clicks while it is
// queued or running get that job (the job acts on every pending link of the
// content when it runs; the schedule picks up links approved while it ran).
func EnqueueApply(app core.App, content *core.Record, createdBy string) (*core.Record, error) {
	return jobs.Enqueue(app, applyParams(content, createdBy))
}

func applyParams(content *core.Record, createdBy string) jobs.EnqueueParams {
	return jobs.EnqueueParams{
		Tenant: content.GetString("tenant"), Site: content.GetString("site"), Type: JobApply,
		TargetCollection: collections.Contents, Target: content.Id,
		ActiveKey: jobs.ActiveKey(JobApply, content.Id), CreatedBy: createdBy,
	}
}

// EnqueueSuggest queues a suggestion run for a content (free: no AI).
func EnqueueSuggest(app core.App, content *core.Record, createdBy string) (*core.Record, error) {
	return jobs.Enqueue(app, suggestParams(content, createdBy))
}

func suggestParams(content *core.Record, createdBy string) jobs.EnqueueParams {
	return jobs.EnqueueParams{
		Tenant: content.GetString("tenant"), Site: content.GetString("site"), Type: JobSuggest,
		TargetCollection: collections.Contents, Target: content.Id,
		ActiveKey: jobs.ActiveKey(JobSuggest, content.Id), CreatedBy: createdBy,
	}
}
