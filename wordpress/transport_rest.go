package wordpress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/tools/wpclient"
)

// RESTTransport publishes through the core REST API (wp/v2) with an
// Application Password: no plugin needed. Without the plugin, post meta
// cannot be queried, so duplicates are avoided by (1) recording the post id on
// the content right after the draft is created and (2) a marker comment at the
// end of the content (ContentMarker); a run that follows an interrupted one
// looks for (2) among igny8's own drafts before creating anything.
type RESTTransport struct {
	c     *wpclient.Client
	terms *termCache
	stager
}

// termCache maps taxonomy + "\x00" + lower(name) to a term id, shared by
// every transport of one site in this process.
type termCache struct {
	mu  sync.Mutex
	ids map[string]int
}

var termCaches sync.Map // site key -> *termCache

var _ Transport = (*RESTTransport)(nil)

// NewREST returns the core REST transport over c.
func NewREST(c *wpclient.Client) *RESTTransport {
	key := c.Key()
	if key == "" {
		key = c.URL()
	}
	tc, _ := termCaches.LoadOrStore(key, &termCache{ids: map[string]int{}})
	return &RESTTransport{c: c, terms: tc.(*termCache)}
}

func (t *RESTTransport) Name() string             { return "rest" }
func (t *RESTTransport) Client() *wpclient.Client { return t.c }

type wpPost struct {
	ID            int    `json:"id"`
	Status        string `json:"status"`
	Link          string `json:"link"`
	Slug          string `json:"slug"`
	FeaturedMedia int    `json:"featured_media"`
	Categories    []int  `json:"categories"`
	Tags          []int  `json:"tags"`
	ModifiedGMT   string `json:"modified_gmt"`
	Title         struct {
		Raw string `json:"raw"`
	} `json:"title"`
	Content struct {
		Raw string `json:"raw"`
	} `json:"content"`
	Meta json.RawMessage `json:"meta"` // an object, or [] when empty (PHP)
}

func (p wpPost) post() Post {
	out := Post{ID: p.ID, Status: p.Status, Link: p.Link, Slug: p.Slug, FeaturedMedia: p.FeaturedMedia, Categories: p.Categories, Tags: p.Tags,
		Title: p.Title.Raw, Content: p.Content.Raw}
	out.Modified, _ = time.Parse(wpTimeLayout, p.ModifiedGMT)
	var meta map[string]json.RawMessage
	if json.Unmarshal(p.Meta, &meta) == nil {
		_ = json.Unmarshal(meta["_igny8_content_id"], &out.ContentID)
		out.Meta = restMeta(meta)
	}
	return out
}

// restMeta reads the cluster sync's keys from a post's meta; nil when the
// site does not register them (no plugin: core REST keeps no such meta).
func restMeta(meta map[string]json.RawMessage) *PostMeta {
	if _, ok := meta[MetaClusterID]; !ok {
		return nil
	}
	var m PostMeta
	var kw string
	_ = json.Unmarshal(meta[MetaClusterID], &m.ClusterID)
	_ = json.Unmarshal(meta[MetaTaskID], &m.TaskID)
	_ = json.Unmarshal(meta[MetaKeywordIDs], &kw)
	m.KeywordIDs = splitIDs(kw)
	return &m
}

const postFields = "id,status,link,slug,featured_media,categories,tags,modified_gmt,meta,title,content"

func (t *RESTTransport) basic(method, route string, query map[string]string, body any) wpclient.Call {
	return wpclient.Call{Method: method, Route: route, Query: query, Body: body, Auth: "basic"}
}

func (t *RESTTransport) updatePost(ctx context.Context, id int, body map[string]any) (Post, error) {
	var p wpPost
	_, err := t.c.Do(ctx, t.basic(http.MethodPost, "/wp/v2/posts/"+strconv.Itoa(id), map[string]string{"_fields": postFields}, body), &p)
	return p.post(), err
}

func isNotFound(err error) bool {
	var ae *wpclient.APIError
	return errors.As(err, &ae) && (ae.Status == http.StatusNotFound || ae.Status == http.StatusGone)
}

// withMarker appends the content marker comment.
func withMarker(contentID, body string) string {
	return body + "\n" + markerComment(ContentMarker(contentID))
}

func (t *RESTTransport) Draft(ctx context.Context, d Draft) (Post, error) {
	update := map[string]any{"title": Text(d.Title), "content": withMarker(d.ContentID, d.HTML)}
	if d.Excerpt != "" {
		update["excerpt"] = Text(d.Excerpt)
	}
	id := d.PostID
	if id > 0 {
		var p wpPost
		_, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/posts/"+strconv.Itoa(id), map[string]string{"context": "edit", "_fields": "id,status"}, nil), &p)
		if isNotFound(err) {
			id = 0 // deleted in WordPress: publish anew
		} else if err != nil {
			return Post{}, err
		}
	}
	if id == 0 && d.Lookup {
		found, err := t.findByMarker(ctx, d.ContentID)
		if err != nil {
			return Post{}, err
		}
		id = found
	}
	if id > 0 {
		return t.updatePost(ctx, id, update)
	}
	update["status"] = PostDraft
	var p wpPost
	_, err := t.c.Do(ctx, t.basic(http.MethodPost, "/wp/v2/posts", map[string]string{"_fields": postFields}, update), &p)
	out := p.post()
	out.Created = true
	return out, err
}

// findByMarker finds the draft an interrupted earlier run created before its
// id was recorded, by the marker comment. A marker is text any author can
// paste, so only drafts of igny8's own WordPress user count (a post whose id
// was recorded is trusted by id instead; any other post becomes the
// content's only through Adopt).
func (t *RESTTransport) findByMarker(ctx context.Context, contentID string) (int, error) {
	me, err := t.me(ctx)
	if err != nil {
		return 0, err
	}
	var list []wpPost
	q := map[string]string{"search": ContentMarker(contentID), "status": PostDraft, "author": strconv.Itoa(me), "context": "edit", "_fields": "id,content", "orderby": "id", "order": "asc"}
	if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/posts", q, nil), &list); err != nil {
		return 0, err
	}
	for _, p := range list {
		if strings.Contains(p.Content.Raw, markerComment(ContentMarker(contentID))) {
			return p.ID, nil
		}
	}
	return 0, nil
}

func markerComment(marker string) string { return "<!-- " + marker + " -->" }

// me is the id of the WordPress user igny8 publishes as.
func (t *RESTTransport) me(ctx context.Context) (int, error) {
	var u struct {
		ID int `json:"id"`
	}
	if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/users/me", map[string]string{"_fields": "id"}, nil), &u); err != nil {
		return 0, fmt.Errorf("who am I: %w", err)
	}
	return u.ID, nil
}

// Adopt checks that post postID exists; core REST has nowhere igny8 alone can
// write, so the adopted post is known by the id igny8 records.
func (t *RESTTransport) Adopt(ctx context.Context, _ string, postID int) (Post, error) {
	var p wpPost
	_, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/posts/"+strconv.Itoa(postID), map[string]string{"context": "edit", "_fields": postFields}, nil), &p)
	return p.post(), err
}

func (t *RESTTransport) Content(ctx context.Context, postID int, contentID, body string) error {
	_, err := t.updatePost(ctx, postID, map[string]any{"content": withMarker(contentID, body)})
	return err
}

// SEO without the plugin: core REST cannot write other plugins' protected
// meta, so the description becomes the post excerpt (themes and most SEO
// plugins fall back to it). It is staged for the status update.
func (t *RESTTransport) SEO(_ context.Context, postID int, _ string, seo SEO) (SEOResult, error) {
	if seo.Description == "" {
		return SEOResult{Plugin: "core", Stored: map[string]string{}}, nil
	}
	t.stage(postID, func(p *staged) { p.fields["excerpt"] = Text(seo.Description) })
	return SEOResult{Plugin: "core", Stored: map[string]string{"excerpt": seo.Description}}, nil
}

func (t *RESTTransport) Status(ctx context.Context, f Final) (Post, error) {
	p := t.take(f.PostID)
	body := p.fields
	body["status"] = f.Status
	if f.SetSlug {
		body["slug"] = f.Slug
	}
	if f.Author > 0 {
		body["author"] = f.Author
	}
	if !f.Date.IsZero() {
		body["date_gmt"] = f.Date.UTC().Format("2006-01-02T15:04:05")
	}
	if f.Meta != nil {
		// Stored where the site registers the keys (the Bridge plugin does,
		// for users who may edit the post); plain WordPress ignores them.
		body["meta"] = f.Meta.restFields()
	}
	post, err := t.updatePost(ctx, f.PostID, body)
	var ae *wpclient.APIError
	if errors.As(err, &ae) && ae.Status == http.StatusBadRequest && (p.categories != nil || p.tags != nil) {
		// A cached term was deleted in WordPress: forget the cache, resolve again, retry once.
		t.terms.mu.Lock()
		t.terms.ids = map[string]int{}
		t.terms.mu.Unlock()
		fields, terr := t.termFields(ctx, p.categories, p.tags)
		if terr != nil {
			return post, terr
		}
		for k, v := range fields {
			body[k] = v
		}
		return t.updatePost(ctx, f.PostID, body)
	}
	return post, err
}

// Updates lists posts changed since a time, trashed ones included.
// Updates reads up to 20 pages of 100 changed posts; with more changes it
// returns them with ErrMoreUpdates (the next sync continues after them).
func (t *RESTTransport) Updates(ctx context.Context, since time.Time) ([]Post, error) {
	var out []Post
	for page := 1; page <= 20; page++ {
		var list []wpPost
		q := map[string]string{"modified_after": since.UTC().Format(time.RFC3339), "status": "publish,future,draft,pending,private,trash",
			"context": "edit", "per_page": "100", "page": strconv.Itoa(page), "orderby": "modified", "order": "asc", "_fields": postFields}
		if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/posts", q, nil), &list); err != nil {
			var ae *wpclient.APIError
			if errors.As(err, &ae) && ae.Code == "rest_post_invalid_page_number" {
				break
			}
			return out, err
		}
		for _, p := range list {
			out = append(out, p.post())
		}
		if len(list) < 100 {
			return out, nil
		}
	}
	return out, ErrMoreUpdates
}

// Settings reads categories, authors and defaults. Core REST has nowhere to
// keep igny8's defaults, so they are not pushed without the plugin.
func (t *RESTTransport) Settings(ctx context.Context, _ map[string]any) (map[string]any, error) {
	var cats []map[string]any
	if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/categories", map[string]string{"per_page": "100", "_fields": "id,name,slug", "hide_empty": "false"}, nil), &cats); err != nil {
		return nil, err
	}
	var authors []map[string]any
	if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/users", map[string]string{"per_page": "100", "who": "authors", "_fields": "id,name"}, nil), &authors); err != nil {
		return nil, err
	}
	out := map[string]any{"categories": cats, "authors": authors, "default_post_status": PostDraft, "defaults_pushed": false}
	var settings map[string]any
	if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/settings", nil, nil), &settings); err == nil {
		out["title"] = settings["title"]
		out["timezone"] = settings["timezone"]
		out["default_category"] = settings["default_category"]
	}
	return out, nil
}
