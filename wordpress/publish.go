package wordpress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Publish steps, in order. A failure records "<step>: <error>" in the
// content's publish_error and leaves the post a draft (or, for an update of
// a published post, as it was).
const (
	StepDraft    = "draft"
	StepMedia    = "media"
	StepFeatured = "featured"
	StepTerms    = "terms"
	StepSEO      = "seo"
	StepStatus   = "status"
)

// StepError is a publish that failed at one step.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Result is what a publish did.
type Result struct {
	PostID    int            `json:"post_id"`
	Status    string         `json:"status"`
	Link      string         `json:"link"`
	Created   bool           `json:"created"`
	Media     map[string]int `json:"media"` // image id -> attachment id
	SEO       SEOResult      `json:"seo"`
	Transport string         `json:"transport"`
	Steps     []string       `json:"steps"`
	// Skipped says why a publish job did nothing (a newer outcome is stored).
	Skipped string            `json:"skipped,omitempty"`
	Extra   map[string]string `json:"-"`
	// Meta is the cluster, keyword and task ids the post carries as the
	// site reported them after the publish; MetaStored says they are the
	// ones sent (false on core REST without the plugin: see WORDPRESS.md).
	Meta       *PostMeta `json:"meta,omitempty"`
	MetaStored bool      `json:"meta_stored"`
}

// Publish creates or updates the WordPress post of a content: draft, media,
// featured, terms, seo, status. It is idempotent: run again after any
// failure, it finds the post (and images) of the earlier run and updates
// them. The caller checks tenant access; Publish checks that content and site
// belong to the same tenant.
func Publish(ctx context.Context, app core.App, contentId string) (*Result, error) {
	return withContent(app, contentId, func(t Transport, content, site *core.Record) (*Result, error) {
		return publishWith(ctx, app, t, content, site)
	})
}

// withContent runs fn on the content, its site and the site's transport while
// holding the content's lock, so two publishes of one content never overlap.
func withContent(app core.App, contentId string, fn func(t Transport, content, site *core.Record) (*Result, error)) (*Result, error) {
	unlock := lockContent(contentId)
	defer unlock()
	content, site, err := load(app, contentId)
	if err != nil {
		return nil, err
	}
	t, err := TransportOf(app, site)
	if err != nil {
		return nil, err
	}
	return fn(t, content, site)
}

func load(app core.App, contentId string) (content, site *core.Record, err error) {
	content, err = app.FindRecordById(collections.Contents, contentId)
	if err != nil {
		return nil, nil, fmt.Errorf("content %s: %w", contentId, err)
	}
	site, err = app.FindRecordById(collections.Sites, content.GetString("site"))
	if err != nil {
		return nil, nil, fmt.Errorf("site of content %s: %w", contentId, err)
	}
	if site.GetString("tenant") != content.GetString("tenant") {
		return nil, nil, fmt.Errorf("content %s and its site belong to different workspaces", contentId)
	}
	return content, site, nil
}

// Unpublish turns the content's post back into a draft (it is not deleted, so
// publishing again brings back the same post).
func Unpublish(ctx context.Context, app core.App, contentId string) (*Result, error) {
	return withContent(app, contentId, func(t Transport, content, _ *core.Record) (*Result, error) {
		return unpublishWith(ctx, app, t, content)
	})
}

func unpublishWith(ctx context.Context, app core.App, t Transport, content *core.Record) (*Result, error) {
	id := content.GetInt("wp_post_id")
	if id == 0 && t.Name() != "bridge" {
		return nil, fmt.Errorf("content %s has no WordPress post to unpublish", content.Id)
	}
	post, err := t.Status(ctx, Final{PostID: id, ContentID: content.Id, Status: PostDraft})
	if err != nil {
		content.Set("publish_error", collections.Truncate(StepStatus+": unpublish: "+err.Error(), collections.ContentPublishErrorMax))
		_ = app.Save(content)
		return nil, &StepError{StepStatus, err}
	}
	content.Set("wp_status", post.Status)
	content.Set("publish_status", collections.PublishNone)
	content.Set("publish_error", "")
	if content.GetString("status") == collections.ContentPublished {
		content.Set("status", collections.ContentApproved)
	}
	if err := app.Save(content); err != nil {
		return nil, err
	}
	return &Result{PostID: post.ID, Status: post.Status, Link: post.Link, Transport: t.Name()}, nil
}

// fail records a failed step on the content and returns the StepError.
func fail(app core.App, content *core.Record, step string, err error) error {
	se := &StepError{Step: step, Err: err}
	content.Set("publish_status", collections.PublishFailed)
	content.Set("publish_error", collections.Truncate(se.Error(), collections.ContentPublishErrorMax))
	if serr := app.Save(content); serr != nil {
		return errors.Join(se, fmt.Errorf("record publish error: %w", serr))
	}
	return se
}

// stringList reads a JSON field holding ["a","b"] or [{"name":"a"}].
func stringList(v any) []string {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	if r, ok := v.(types.JSONRaw); ok {
		raw = r
	}
	var names []string
	if json.Unmarshal(raw, &names) == nil {
		return compact(names)
	}
	var objs []struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &objs) == nil {
		for _, o := range objs {
			names = append(names, o.Name)
		}
	}
	return compact(names)
}

func compact(in []string) []string {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}

func focusKeyword(app core.App, content *core.Record) string {
	task, err := app.FindRecordById(collections.Tasks, content.GetString("task"))
	if err != nil {
		return ""
	}
	if kw := collections.TaskKeywords(task); len(kw) > 0 {
		return kw[0]
	}
	return ""
}
