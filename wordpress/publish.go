package wordpress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
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

var contentLocks sync.Map // content id -> *sync.Mutex

// lockContent serialises publishes of one content inside this process; the
// transports' look-ups (and the plugin's named lock) cover the rest.
func lockContent(id string) func() {
	m, _ := contentLocks.LoadOrStore(id, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
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

// PublishWith is Publish over a given transport (tests and benchmarks).
func PublishWith(ctx context.Context, app core.App, t Transport, contentId string) (*Result, error) {
	unlock := lockContent(contentId)
	defer unlock()
	content, site, err := load(app, contentId)
	if err != nil {
		return nil, err
	}
	return publishWith(ctx, app, t, content, site)
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

func publishWith(ctx context.Context, app core.App, t Transport, content, site *core.Record) (*Result, error) {
	cid := content.Id
	if hasConflict(content) {
		// nothing is touched: WordPress keeps its edit until someone resolves
		return nil, ErrConflict
	}
	if err := t.Client().Gate().Degraded(); err != nil {
		return nil, fail(app, content, StepDraft, err) // a job snoozes until the breaker closes
	}
	// A run that follows a started one must look for what it may have created.
	prev := content.GetString("publish_status")
	lookup := prev == collections.PublishPublishing || prev == collections.PublishFailed
	content.Set("publish_status", collections.PublishPublishing)
	content.Set("publish_error", "")
	if err := app.Save(content); err != nil {
		return nil, fmt.Errorf("mark content publishing: %w", err)
	}
	res := &Result{Transport: t.Name(), Media: map[string]int{}}
	// A name WordPress cannot store fails every attempt the same way: refuse
	// it before anything is sent (a permanent error naming the field).
	if err := checkTermNames("categories", stringList(content.Get("categories"))); err != nil {
		return nil, fail(app, content, StepTerms, err)
	}
	if err := checkTermNames("tags", stringList(content.Get("tags"))); err != nil {
		return nil, fail(app, content, StepTerms, err)
	}

	images, err := app.FindRecordsByFilter(collections.Images, "content = {:c} && tenant = {:t}", "kind,position,created", 0, 0,
		dbx.Params{"c": cid, "t": content.GetString("tenant")})
	if err != nil {
		return nil, fail(app, content, StepMedia, err)
	}
	urls := map[string]string{}
	for _, img := range images {
		if u := img.GetString("wp_url"); u != "" && img.GetInt("wp_media_id") > 0 {
			urls[img.Id] = u
		}
	}
	body := content.GetString("html")

	// draft
	post, err := t.Draft(ctx, Draft{ContentID: cid, PostID: content.GetInt("wp_post_id"), Lookup: lookup,
		Title: content.GetString("title"), HTML: articleHTML(body, urls, images)})
	if err != nil {
		return nil, fail(app, content, StepDraft, err)
	}
	res.PostID, res.Created = post.ID, post.Created
	res.Steps = append(res.Steps, StepDraft)
	if content.GetInt("wp_post_id") != post.ID {
		content.Set("wp_post_id", post.ID)
		if err := app.Save(content); err != nil {
			return nil, fail(app, content, StepDraft, fmt.Errorf("record post id %d: %w", post.ID, err))
		}
	}

	// media: up to UploadConcurrency images at once (the site's gate caps
	// the total); each attachment is recorded on its image as soon as it exists.
	uploaded := make([]Media, len(images))
	errs := make([]error, len(images))
	sem := make(chan struct{}, UploadConcurrency)
	var wg sync.WaitGroup
	for i, img := range images {
		if img.GetString("file") == "" {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			uploaded[i], errs[i] = uploadImage(ctx, app, t, content, img, post.ID, lookup)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fail(app, content, StepMedia, err)
	}
	var featured int
	changed := false
	for i, img := range images {
		m := uploaded[i]
		if m.ID == 0 {
			continue
		}
		res.Media[img.Id] = m.ID
		if img.GetString("kind") == collections.ImageFeatured {
			if featured == 0 {
				featured = m.ID
			}
		} else if urls[img.Id] != m.URL {
			urls[img.Id] = m.URL
			changed = true
		}
	}
	if changed {
		if err := t.Content(ctx, post.ID, cid, articleHTML(body, urls, images)); err != nil {
			return nil, fail(app, content, StepMedia, fmt.Errorf("rewrite image URLs: %w", err))
		}
	}
	res.Steps = append(res.Steps, StepMedia)

	// featured
	if featured > 0 && post.FeaturedMedia != featured {
		if err := t.Featured(ctx, post.ID, cid, featured); err != nil {
			return nil, fail(app, content, StepFeatured, err)
		}
	}
	res.Steps = append(res.Steps, StepFeatured)

	// terms
	defaults := SiteDefaults(site)
	categories := stringList(content.Get("categories"))
	if len(categories) == 0 {
		categories = defaults.Categories // the site's, for an article that names none
	}
	if err := t.Terms(ctx, post.ID, cid, categories, stringList(content.Get("tags"))); err != nil {
		return nil, fail(app, content, StepTerms, err)
	}
	res.Steps = append(res.Steps, StepTerms)

	// seo
	seo := SEO{Title: content.GetString("meta_title"), Description: content.GetString("meta_description"), FocusKeyword: focusKeyword(app, content)}
	if res.SEO, err = t.SEO(ctx, post.ID, cid, seo); err != nil {
		return nil, fail(app, content, StepSEO, err)
	}
	res.Steps = append(res.Steps, StepSEO)

	// status, with the cluster, keyword and task ids
	meta, err := metaOf(app, content)
	if err != nil {
		return nil, fail(app, content, StepStatus, err)
	}
	final := Final{PostID: post.ID, ContentID: cid, Status: defaults.PostStatus, Slug: slugOf(content), SetSlug: true, Author: defaults.Author, Meta: meta}
	if at := content.GetDateTime("scheduled_at"); !at.IsZero() && at.Time().After(time.Now()) {
		final.Status, final.Date = "future", at.Time()
	} else if content.GetString("wp_status") == "future" {
		// A scheduled post published now (its schedule dropped): WordPress keeps
		// a post whose date is ahead as "future", so the date becomes now.
		final.Date = time.Now()
	}
	post, err = t.Status(ctx, final)
	if err != nil {
		return nil, fail(app, content, StepStatus, err)
	}
	res.Steps = append(res.Steps, StepStatus)
	res.Status, res.Link = post.Status, post.Link
	if post.SEO != nil {
		res.SEO = *post.SEO
	}
	res.Meta, res.MetaStored = post.Meta, meta.Same(post.Meta)
	// What WordPress now holds is igny8's: a later sync that reads other
	// text knows it was edited in WordPress.
	content.Set("wp_fingerprint", Fingerprint(post.Title, post.Content))
	content.Set("wp_version", content.GetInt("version"))

	content.Set("wp_post_id", post.ID)
	content.Set("wp_url", post.Link)
	content.Set("wp_status", post.Status)
	content.Set("publish_error", "")
	if post.Status == "future" {
		content.Set("publish_status", collections.PublishScheduled)
	} else {
		content.Set("publish_status", collections.PublishPublished)
		content.Set("status", collections.ContentPublished)
		if content.GetDateTime("published_at").IsZero() {
			content.Set("published_at", types.NowDateTime())
		}
	}
	if err := app.Save(content); err != nil {
		return res, fmt.Errorf("record published content: %w", err)
	}
	if site.GetString("status") == SiteDegraded || site.GetString("status") == SiteError || site.GetString("status") == "new" {
		setSiteStatus(app, site.Id, SiteConnected)
	}
	return res, nil
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
	post, err := t.Status(ctx, Final{PostID: id, ContentID: content.Id, Status: "draft"})
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

// UploadConcurrency is how many images of one article upload at once.
const UploadConcurrency = 3

// uploadImage uploads one image (or finds the earlier upload) and records
// the attachment on the image record.
func uploadImage(ctx context.Context, app core.App, t Transport, content, img *core.Record, postID int, lookup bool) (Media, error) {
	data, name, err := readImage(app, img)
	if err != nil {
		return Media{}, err
	}
	alt := img.GetString("alt")
	if alt == "" {
		alt = content.GetString("title")
	}
	ext := strings.ToLower(path.Ext(name))
	m, err := t.Upload(ctx, Upload{ImageID: img.Id, ContentID: content.Id, PostID: postID, MediaID: img.GetInt("wp_media_id"),
		Lookup: lookup, Filename: mediaFilename(img.Id, alt) + ext, MIME: mimeOf(ext, data), Data: data, Alt: alt, Title: alt})
	if err != nil {
		return Media{}, fmt.Errorf("image %s: %w", img.Id, err)
	}
	if img.GetInt("wp_media_id") != m.ID || img.GetString("wp_url") != m.URL {
		img.Set("wp_media_id", m.ID)
		img.Set("wp_url", m.URL)
		if err := app.Save(img); err != nil {
			return m, fmt.Errorf("record media of image %s: %w", img.Id, err)
		}
	}
	return m, nil
}

// mediaFilename names an upload after its alt text (as a slug, at most 60
// bytes at a word boundary), or after the image id when the text has none.
func mediaFilename(imageID, alt string) string {
	if s := collections.TruncateSlug(Slug(alt), 60); s != "" {
		return s
	}
	return "image-" + strings.ToLower(imageID)
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

func readImage(app core.App, img *core.Record) ([]byte, string, error) {
	fs, err := app.NewFilesystem()
	if err != nil {
		return nil, "", err
	}
	defer fs.Close()
	name := img.GetString("file")
	r, err := fs.GetReader(img.BaseFilesPath() + "/" + name)
	if err != nil {
		return nil, "", fmt.Errorf("read image %s: %w", img.Id, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	return data, name, err
}

func mimeOf(ext string, data []byte) string {
	if t := mime.TypeByExtension(ext); strings.HasPrefix(t, "image/") {
		return t
	}
	return http.DetectContentType(data)
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

// slugOf is the slug of the content's post: its slug field, or its title,
// through Slug ("" lets WordPress make it from the title).
func slugOf(content *core.Record) string {
	if s := Slug(content.GetString("slug")); s != "" {
		return s
	}
	return Slug(content.GetString("title"))
}
