package wordpress

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/wpclient"
)

// IndexedPage is one published post or page of a site as the index keeps it.
type IndexedPage struct {
	WPID       int
	Kind       string
	URL        string
	Slug       string
	Title      string
	Headings   []string
	Categories []string
	Excerpt    string
	WordCount  int
	Published  time.Time
	Modified   time.Time
	Source     string
}

// Bounds of one index run. A site with more posts than a run lists is
// indexed up to the bound (the result says more); a run fetches the text of
// at most IndexFetchMax changed posts, so a first run of a large site spreads
// over several runs, each one cheap.
const (
	IndexListPages  = 50   // pages of 100 ids per kind: 5000 posts and 5000 pages
	IndexFetchMax   = 1000 // changed posts whose text one run reads (REST)
	SitemapDocsMax  = 50   // sitemap files one run reads
	SitemapURLsMax  = 5000 // URLs one run takes from the sitemaps
	SitemapFetchMax = 100  // pages whose HTML one run reads (sitemap mode)
	// SitemapRefresh re-reads a sitemap page without a lastmod after this long.
	SitemapRefresh = 7 * 24 * time.Hour
)

// Known is what the index already holds of a page: the run reads a page's
// text only when it is new or changed.
type Known struct {
	Modified, Indexed time.Time
}

// Listing is what one run read of a site: pages whose text was (re)read,
// the keys of every page the site lists (to drop the ones it no longer
// does), and whether the listing is complete.
type Listing struct {
	Source string
	Pages  []IndexedPage
	// Listed holds kind+"/"+wp_id (REST) or the URL (sitemap) of every page seen.
	Listed   map[string]bool
	Complete bool
	// More: the run stopped at a bound; the next run continues.
	More bool
	// RESTRefused says why the sitemap was used (the REST answer), when it was.
	RESTRefused string
}

// PageKey is the Listed key of a page.
func PageKey(p IndexedPage) string {
	if p.WPID > 0 {
		return p.Kind + "/" + strconv.Itoa(p.WPID)
	}
	return p.URL
}

// errRESTHidden: the site's REST API does not list its posts to igny8.
var errRESTHidden = errors.New("the REST API does not list the site's posts")

// ReadIndex reads the site's published posts and pages through core REST,
// or through its sitemap when the REST API hides them (401, 403, 404, or an
// answer that is not WordPress's JSON). known(key) reports what the index
// holds for a page key (see PageKey).
func ReadIndex(ctx context.Context, c *wpclient.Client, known func(key string) (Known, bool)) (*Listing, error) {
	l, err := readIndexREST(ctx, c, known)
	if err == nil {
		return l, nil
	}
	if !errors.Is(err, errRESTHidden) {
		return nil, err
	}
	sm, serr := readIndexSitemap(ctx, c, known)
	if serr != nil {
		return nil, fmt.Errorf("%w; the sitemap: %w", err, serr)
	}
	sm.RESTRefused = err.Error()
	return sm, nil
}

type wpIndexItem struct {
	ID          int    `json:"id"`
	Link        string `json:"link"`
	Slug        string `json:"slug"`
	DateGMT     string `json:"date_gmt"`
	ModifiedGMT string `json:"modified_gmt"`
	Categories  []int  `json:"categories"`
	Title       struct {
		Rendered string `json:"rendered"`
	} `json:"title"`
	Content struct {
		Rendered string `json:"rendered"`
	} `json:"content"`
}

func indexCall(c *wpclient.Client, route string, q map[string]string) wpclient.Call {
	cl := wpclient.Call{Method: http.MethodGet, Route: route, Query: q}
	if c.HasPassword() {
		cl.Auth = "basic"
	}
	return cl
}

// hidden reports an answer that means "the REST API does not list posts
// here" rather than a failure worth retrying.
func hidden(err error) bool {
	var ae *wpclient.APIError
	var an *wpclient.AnswerError
	if errors.As(err, &ae) {
		return ae.Status == http.StatusUnauthorized || ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound
	}
	return errors.As(err, &an)
}

func readIndexREST(ctx context.Context, c *wpclient.Client, known func(string) (Known, bool)) (*Listing, error) {
	l := &Listing{Source: collections.PageSourceREST, Listed: map[string]bool{}, Complete: true}
	var changed []IndexedPage // ids and kinds to fetch
	for _, kind := range []string{collections.PageKindPost, collections.PageKindPage} {
		route := "/wp/v2/" + kind + "s"
		for page := 1; ; page++ {
			if page > IndexListPages {
				l.Complete, l.More = false, true
				break
			}
			var list []wpIndexItem
			_, err := c.Do(ctx, indexCall(c, route, map[string]string{"per_page": "100", "page": strconv.Itoa(page),
				"orderby": "id", "order": "asc", "_fields": "id,modified_gmt"}), &list)
			if err != nil {
				var ae *wpclient.APIError
				if errors.As(err, &ae) && ae.Code == "rest_post_invalid_page_number" {
					break
				}
				if page == 1 && kind == collections.PageKindPost && hidden(err) {
					return nil, fmt.Errorf("%w: %w", errRESTHidden, err)
				}
				return nil, fmt.Errorf("list %ss: %w", kind, err)
			}
			for _, it := range list {
				p := IndexedPage{WPID: it.ID, Kind: kind}
				p.Modified, _ = time.Parse(wpTimeLayout, it.ModifiedGMT)
				key := PageKey(p)
				l.Listed[key] = true
				if k, ok := known(key); !ok || !k.Modified.Equal(p.Modified) {
					changed = append(changed, p)
				}
			}
			if len(list) < 100 {
				break
			}
		}
	}
	if len(changed) > IndexFetchMax {
		changed, l.More = changed[:IndexFetchMax], true
	}
	if len(changed) == 0 {
		return l, nil
	}
	cats, err := categoryNames(ctx, c)
	if err != nil {
		return nil, err
	}
	var chunks [][]IndexedPage // up to 100 of one kind each
	for _, p := range changed {
		if n := len(chunks); n == 0 || len(chunks[n-1]) == 100 || chunks[n-1][0].Kind != p.Kind {
			chunks = append(chunks, nil)
		}
		chunks[len(chunks)-1] = append(chunks[len(chunks)-1], p)
	}
	for _, chunk := range chunks {
		kind := chunk[0].Kind
		ids := make([]string, len(chunk))
		for i, p := range chunk {
			ids[i] = strconv.Itoa(p.WPID)
		}
		var list []wpIndexItem
		_, err := c.Do(ctx, indexCall(c, "/wp/v2/"+kind+"s", map[string]string{"include": strings.Join(ids, ","), "per_page": "100",
			"_fields": "id,link,slug,title,date_gmt,modified_gmt,categories,content"}), &list)
		if err != nil {
			return nil, fmt.Errorf("read %ss: %w", kind, err)
		}
		for _, it := range list {
			p := pageOfHTML(it.Content.Rendered, "")
			p.WPID, p.Kind, p.URL, p.Slug, p.Source = it.ID, kind, it.Link, it.Slug, collections.PageSourceREST
			p.Title = collections.Truncate(plainText(it.Title.Rendered), collections.SitePageTitleMax)
			p.Published, _ = time.Parse(wpTimeLayout, it.DateGMT)
			p.Modified, _ = time.Parse(wpTimeLayout, it.ModifiedGMT)
			for _, id := range it.Categories {
				if n, ok := cats[id]; ok {
					p.Categories = append(p.Categories, n)
				}
			}
			l.Pages = append(l.Pages, p)
		}
	}
	return l, nil
}

// categoryNames maps the site's category ids to names (at most 10 pages of 100).
func categoryNames(ctx context.Context, c *wpclient.Client) (map[int]string, error) {
	out := map[int]string{}
	for page := 1; page <= 10; page++ {
		var list []wpTerm
		if _, err := c.Do(ctx, indexCall(c, "/wp/v2/categories", map[string]string{"per_page": "100", "page": strconv.Itoa(page), "_fields": "id,name"}), &list); err != nil {
			var ae *wpclient.APIError
			if errors.As(err, &ae) && ae.Code == "rest_post_invalid_page_number" {
				break
			}
			return nil, fmt.Errorf("read categories: %w", err)
		}
		for _, t := range list {
			out[t.ID] = collections.Truncate(html.UnescapeString(t.Name), 200)
		}
		if len(list) < 100 {
			break
		}
	}
	return out, nil
}
