package wordpress

import (
	"context"
	"sync"
	"time"

	"github.com/igny8/igny8/tools/wpclient"
)

// WordPress post statuses igny8 sets or reads.
const (
	PostPublish = "publish"
	PostFuture  = "future"
	PostDraft   = "draft"
	PostPending = "pending"
	PostPrivate = "private"
	PostTrash   = "trash"
)

// Post is WordPress's view of one published igny8 content.
type Post struct {
	ID            int       `json:"id"`
	Status        string    `json:"status"`
	Link          string    `json:"link"`
	Slug          string    `json:"slug"`
	ContentID     string    `json:"content_id"`
	FeaturedMedia int       `json:"featured_media"`
	Categories    []int     `json:"categories"`
	Tags          []int     `json:"tags"`
	Modified      time.Time `json:"modified_gmt"`
	Created       bool      `json:"created"`
	// SEO is where the staged SEO meta went, when the status update wrote it.
	SEO *SEOResult `json:"seo,omitempty"`
	// Title and Content are the post's text as WordPress stores it (raw),
	// so a sync sees edits made in WordPress (see Fingerprint).
	Title   string `json:"title"`
	Content string `json:"content"`
	// Meta is the cluster, keyword and task ids the post carries (nil: the
	// site did not report them, e.g. core REST without the plugin).
	Meta *PostMeta `json:"igny8_meta,omitempty"`
}

// Draft is the first publish step's input.
type Draft struct {
	ContentID string
	// PostID is the post recorded on the content by an earlier run (0: none).
	PostID int
	// Lookup asks the transport to search for a post an earlier, interrupted
	// run may have created before its id was recorded.
	Lookup bool
	// Title and Excerpt are text (transports send them through Text); HTML
	// is the article as built by the publisher.
	Title, HTML, Excerpt string
}

// Upload is one image to put in the media library.
type Upload struct {
	ImageID, ContentID string
	PostID             int
	// MediaID is the attachment recorded by an earlier run (0: none).
	MediaID  int
	Lookup   bool
	Filename string
	// Title is the attachment's title (text): the image's alt text.
	Title string
	MIME  string
	Data  []byte
	// Alt is text (sent through Text).
	Alt string
}

// Media is an uploaded attachment.
type Media struct {
	ID      int    `json:"id"`
	URL     string `json:"url"`
	Created bool   `json:"created"`
}

// SEO is the search-engine metadata of a content.
type SEO struct {
	Title        string `json:"title,omitempty"`
	Description  string `json:"description,omitempty"`
	FocusKeyword string `json:"focus_keyword,omitempty"`
}

// SEOResult says where SEO meta went: the active SEO plugin ("yoast",
// "rankmath", "seopress", "aioseo"), "none" (igny8's own keys, printed by the
// plugin) or "core" (no plugin: the description became the excerpt).
type SEOResult struct {
	Plugin string            `json:"plugin"`
	Stored map[string]string `json:"stored"`
}

// Final is the last publish step: the post's status and, for "future", its date.
type Final struct {
	PostID    int
	ContentID string
	Status    string
	// Slug is sent when SetSlug is true; "" asks WordPress to make the slug
	// from the title (see Slug).
	Slug    string
	SetSlug bool
	// Date is the post's date: the scheduled time of a "future" post, or now
	// for a scheduled post published at once (zero: WordPress keeps its own).
	Date time.Time
	// Author is the WordPress user id the post is attributed to (the site's
	// defaults; 0 = the connected user). Core REST sends it; the plugin
	// publishes as the user it is linked with.
	Author int
	// Meta is written with the status (post meta, and the cluster term with
	// the plugin); nil leaves the post's ids alone (unpublish).
	Meta *PostMeta
}

// Transport is one way into a WordPress site. The two implementations are the
// core REST API with an Application Password (RESTTransport) and the igny8
// bridge plugin (BridgeTransport); the publish steps run the same over both.
type Transport interface {
	Name() string
	Client() *wpclient.Client
	Draft(ctx context.Context, d Draft) (Post, error)
	Content(ctx context.Context, postID int, contentID, html string) error
	Upload(ctx context.Context, u Upload) (Media, error)
	Featured(ctx context.Context, postID int, contentID string, mediaID int) error
	Terms(ctx context.Context, postID int, contentID string, categories, tags []string) error
	SEO(ctx context.Context, postID int, contentID string, seo SEO) (SEOResult, error)
	Status(ctx context.Context, f Final) (Post, error)
	// Adopt makes the existing post postID the post of contentID (the
	// bridge marks it with the content id; core REST only checks it exists).
	Adopt(ctx context.Context, contentID string, postID int) (Post, error)
	Updates(ctx context.Context, since time.Time) ([]Post, error)
	Settings(ctx context.Context, defaults map[string]any) (map[string]any, error)
}

// ContentMarker is what igny8 puts, as an HTML comment, at the end of every
// post it writes through core REST (<!-- igny8:content:ID -->): readers never
// see it, and a run that follows an interrupted one finds its draft by it
// (searching only drafts of igny8's own WordPress user).
func ContentMarker(contentID string) string { return "igny8:content:" + contentID }

// ImageMarker is the same for an uploaded image: an HTML comment in the
// attachment's description (<!-- igny8:image:ID -->), where no theme shows it.
func ImageMarker(imageID string) string { return "igny8:image:" + imageID }

// wpTimeLayout is how WordPress's REST API writes GMT dates (no zone).
const wpTimeLayout = "2006-01-02T15:04:05"

// staged holds one post's fields waiting for the status update.
type staged struct {
	fields           map[string]any
	categories, tags []string
}

// stager lets a transport stage the featured image, terms and SEO fields of
// a post and send them with the status change in one request. The steps still
// run in order, so a failure is still named by its step, and the post stays a
// draft until the status update succeeds.
type stager struct {
	mu      sync.Mutex
	pending map[int]*staged // post id (or 0 for the bridge's content) -> fields
}

func (s *stager) stage(key int, fn func(p *staged)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		s.pending = map[int]*staged{}
	}
	p, ok := s.pending[key]
	if !ok {
		p = &staged{fields: map[string]any{}}
		s.pending[key] = p
	}
	fn(p)
}

func (s *stager) take(key int) *staged {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending[key]
	delete(s.pending, key)
	if p == nil {
		p = &staged{fields: map[string]any{}}
	}
	return p
}
