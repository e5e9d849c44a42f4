package wordpress

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// publishRun is one publish of a content: what the steps share.
type publishRun struct {
	ctx           context.Context
	app           core.App
	t             Transport
	content, site *core.Record
	res           *Result
	// lookup says an earlier run started: the transport looks for what it
	// may have created before recording it.
	lookup bool
	images []*core.Record
	// urls is image id -> the URL of its attachment, as the article links it.
	urls map[string]string
	// post is WordPress's answer to the latest step that returned one.
	post Post
	// featured is the attachment of the featured image (0: none).
	featured int
}

// publishSteps are the steps of a publish, in order; a failure is recorded
// as "<step>: <error>" on the content (see fail).
var publishSteps = []struct {
	name string
	run  func(*publishRun) error
}{
	{StepDraft, (*publishRun).draft},
	{StepMedia, (*publishRun).media},
	{StepFeatured, (*publishRun).featuredImage},
	{StepTerms, (*publishRun).terms},
	{StepSEO, (*publishRun).seo},
	{StepStatus, (*publishRun).status},
}

func publishWith(ctx context.Context, app core.App, t Transport, content, site *core.Record) (*Result, error) {
	p := &publishRun{ctx: ctx, app: app, t: t, content: content, site: site}
	if err := p.start(); err != nil {
		return nil, err
	}
	for _, step := range publishSteps {
		if err := step.run(p); err != nil {
			return nil, fail(app, content, step.name, err)
		}
		p.res.Steps = append(p.res.Steps, step.name)
	}
	return p.res, p.record()
}

// start refuses a publish that cannot succeed before anything is sent,
// marks the content publishing and reads its images.
func (p *publishRun) start() error {
	if hasConflict(p.content) {
		// nothing is touched: WordPress keeps its edit until someone resolves
		return ErrConflict
	}
	if err := p.t.Client().Gate().Degraded(); err != nil {
		return fail(p.app, p.content, StepDraft, err) // a job snoozes until the breaker closes
	}
	// A run that follows a started one must look for what it may have created.
	prev := p.content.GetString("publish_status")
	p.lookup = prev == collections.PublishPublishing || prev == collections.PublishFailed
	p.content.Set("publish_status", collections.PublishPublishing)
	p.content.Set("publish_error", "")
	if err := p.app.Save(p.content); err != nil {
		return fmt.Errorf("mark content publishing: %w", err)
	}
	p.res = &Result{Transport: p.t.Name(), Media: map[string]int{}}
	// A name WordPress cannot store fails every attempt the same way: refuse
	// it before anything is sent (a permanent error naming the field).
	if err := checkTermNames("categories", stringList(p.content.Get("categories"))); err != nil {
		return fail(p.app, p.content, StepTerms, err)
	}
	if err := checkTermNames("tags", stringList(p.content.Get("tags"))); err != nil {
		return fail(p.app, p.content, StepTerms, err)
	}
	images, err := p.app.FindRecordsByFilter(collections.Images, "content = {:c} && tenant = {:t}", "kind,position,created", 0, 0,
		dbx.Params{"c": p.content.Id, "t": p.content.GetString("tenant")})
	if err != nil {
		return fail(p.app, p.content, StepMedia, err)
	}
	p.images = images
	p.urls = map[string]string{}
	for _, img := range images {
		if u := img.GetString("wp_url"); u != "" && img.GetInt("wp_media_id") > 0 {
			p.urls[img.Id] = u
		}
	}
	return nil
}

// html is the article as it goes into the post, with the images' URLs.
func (p *publishRun) html() string {
	return articleHTML(p.content.GetString("html"), p.urls, p.images)
}

// draft creates the post as a draft (or finds and updates the earlier
// run's) and records its id on the content at once.
func (p *publishRun) draft() error {
	post, err := p.t.Draft(p.ctx, Draft{ContentID: p.content.Id, PostID: p.content.GetInt("wp_post_id"), Lookup: p.lookup,
		Title: p.content.GetString("title"), HTML: p.html()})
	if err != nil {
		return err
	}
	p.post = post
	p.res.PostID, p.res.Created = post.ID, post.Created
	if p.content.GetInt("wp_post_id") != post.ID {
		p.content.Set("wp_post_id", post.ID)
		if err := p.app.Save(p.content); err != nil {
			return fmt.Errorf("record post id %d: %w", post.ID, err)
		}
	}
	return nil
}

// media uploads up to UploadConcurrency images at once (the site's gate caps
// the total); each attachment is recorded on its image as soon as it exists.
// When an attachment's URL changed, the article is sent again with it.
func (p *publishRun) media() error {
	uploaded := make([]Media, len(p.images))
	errs := make([]error, len(p.images))
	sem := make(chan struct{}, UploadConcurrency)
	var wg sync.WaitGroup
	for i, img := range p.images {
		if img.GetString("file") == "" {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			uploaded[i], errs[i] = uploadImage(p.ctx, p.app, p.t, p.content, img, p.post.ID, p.lookup)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	changed := false
	for i, img := range p.images {
		m := uploaded[i]
		if m.ID == 0 {
			continue
		}
		p.res.Media[img.Id] = m.ID
		if img.GetString("kind") == collections.ImageFeatured {
			if p.featured == 0 {
				p.featured = m.ID
			}
		} else if p.urls[img.Id] != m.URL {
			p.urls[img.Id] = m.URL
			changed = true
		}
	}
	if changed {
		if err := p.t.Content(p.ctx, p.post.ID, p.content.Id, p.html()); err != nil {
			return fmt.Errorf("rewrite image URLs: %w", err)
		}
	}
	return nil
}

// featuredImage sets the post's featured image when it is not that already.
func (p *publishRun) featuredImage() error {
	if p.featured > 0 && p.post.FeaturedMedia != p.featured {
		return p.t.Featured(p.ctx, p.post.ID, p.content.Id, p.featured)
	}
	return nil
}

// terms sends the categories (the site's defaults for an article that names
// none) and tags.
func (p *publishRun) terms() error {
	categories := stringList(p.content.Get("categories"))
	if len(categories) == 0 {
		categories = SiteDefaults(p.site).Categories
	}
	return p.t.Terms(p.ctx, p.post.ID, p.content.Id, categories, stringList(p.content.Get("tags")))
}

// seo sends the meta title, description and focus keyword.
func (p *publishRun) seo() error {
	seo := SEO{Title: p.content.GetString("meta_title"), Description: p.content.GetString("meta_description"), FocusKeyword: focusKeyword(p.app, p.content)}
	var err error
	p.res.SEO, err = p.t.SEO(p.ctx, p.post.ID, p.content.Id, seo)
	return err
}

// status gives the post its status (the site's default, or "future" at the
// content's schedule), slug and author, with the cluster, keyword and task ids.
func (p *publishRun) status() error {
	meta, err := metaOf(p.app, p.content)
	if err != nil {
		return err
	}
	defaults := SiteDefaults(p.site)
	final := Final{PostID: p.post.ID, ContentID: p.content.Id, Status: defaults.PostStatus, Slug: slugOf(p.content), SetSlug: true, Author: defaults.Author, Meta: meta}
	if at := p.content.GetDateTime("scheduled_at"); !at.IsZero() && at.Time().After(time.Now()) {
		final.Status, final.Date = PostFuture, at.Time()
	} else if p.content.GetString("wp_status") == PostFuture {
		// A scheduled post published now (its schedule dropped): WordPress keeps
		// a post whose date is ahead as "future", so the date becomes now.
		final.Date = time.Now()
	}
	post, err := p.t.Status(p.ctx, final)
	if err != nil {
		return err
	}
	p.post = post
	p.res.Status, p.res.Link = post.Status, post.Link
	if post.SEO != nil {
		p.res.SEO = *post.SEO
	}
	p.res.Meta, p.res.MetaStored = post.Meta, meta.Same(post.Meta)
	return nil
}

// record stores the published post on the content and marks a site that
// was failing connected again.
func (p *publishRun) record() error {
	post, content := p.post, p.content
	// What WordPress now holds is igny8's: a later sync that reads other
	// text knows it was edited in WordPress.
	content.Set("wp_fingerprint", Fingerprint(post.Title, post.Content))
	content.Set("wp_version", content.GetInt("version"))

	content.Set("wp_post_id", post.ID)
	content.Set("wp_url", post.Link)
	content.Set("wp_status", post.Status)
	content.Set("publish_error", "")
	if post.Status == PostFuture {
		content.Set("publish_status", collections.PublishScheduled)
	} else {
		content.Set("publish_status", collections.PublishPublished)
		content.Set("status", collections.ContentPublished)
		if content.GetDateTime("published_at").IsZero() {
			content.Set("published_at", types.NowDateTime())
		}
	}
	if err := p.app.Save(content); err != nil {
		return fmt.Errorf("record published content: %w", err)
	}
	if s := p.site.GetString("status"); s == SiteDegraded || s == SiteError || s == SiteNew {
		setSiteStatus(p.app, p.site.Id, SiteConnected)
	}
	return nil
}
