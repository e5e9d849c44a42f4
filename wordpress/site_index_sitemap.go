package wordpress

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/wpclient"
)

// sitemapDoc is a sitemap index or a URL set (sitemaps.org).
type sitemapDoc struct {
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// sitemapSkip are sitemaps of archives, not of posts and pages (WordPress's
// own names and those of the common SEO plugins).
var sitemapSkip = []string{"taxonomies", "users", "category", "post_tag", "tag-sitemap", "author", "attachment"}

func readIndexSitemap(ctx context.Context, c *wpclient.Client, known func(string) (Known, bool)) (*Listing, error) {
	l := &Listing{Source: collections.PageSourceSitemap, Listed: map[string]bool{}, Complete: true}
	type entry struct {
		url, kind string
		lastmod   time.Time
	}
	var entries []entry
	queue := []string{}
	var first []byte
	for _, p := range []string{"/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml"} {
		body, err := c.GetPage(ctx, c.URL()+p)
		if err == nil && bytes.Contains(body, []byte("<")) {
			first, queue = body, []string{c.URL() + p}
			break
		}
		if err != nil && !hidden(err) {
			return nil, err
		}
	}
	if first == nil {
		return nil, errors.New("the site has no sitemap at /wp-sitemap.xml, /sitemap_index.xml or /sitemap.xml")
	}
	seen := map[string]bool{}
	for docs := 0; len(queue) > 0; docs++ {
		if docs >= SitemapDocsMax {
			l.Complete, l.More = false, true
			break
		}
		loc := queue[0]
		queue = queue[1:]
		body := first
		if docs > 0 {
			var err error
			if body, err = c.GetPage(ctx, loc); err != nil {
				return nil, fmt.Errorf("read sitemap %s: %w", pathOf(loc), err)
			}
		}
		var d sitemapDoc
		if err := xml.Unmarshal(body, &d); err != nil {
			return nil, fmt.Errorf("sitemap %s is not a sitemap (%d bytes)", pathOf(loc), len(body))
		}
		for _, s := range d.Sitemaps {
			child := strings.TrimSpace(s.Loc)
			if seen[child] || skipSitemap(child) {
				continue
			}
			seen[child] = true
			queue = append(queue, child)
		}
		kind := collections.PageKindPost
		if strings.Contains(strings.ToLower(pathOf(loc)), "page") {
			kind = collections.PageKindPage
		}
		for _, u := range d.URLs {
			if len(entries) >= SitemapURLsMax {
				l.Complete, l.More = false, true
				break
			}
			e := entry{url: strings.TrimSpace(u.Loc), kind: kind}
			e.lastmod, _ = time.Parse(time.RFC3339, strings.TrimSpace(u.LastMod))
			if e.url == "" || l.Listed[e.url] {
				continue
			}
			if pu, err := url.Parse(e.url); err != nil || pu.Path == "" || pu.Path == "/" {
				continue // the home page is not an article
			}
			l.Listed[e.url] = true
			entries = append(entries, e)
		}
	}
	// Read new pages first, then changed ones, then the oldest reads.
	type todo struct {
		entry
		rank    int
		indexed time.Time
	}
	var work []todo
	now := time.Now()
	for _, e := range entries {
		k, ok := known(e.url)
		switch {
		case !ok:
			work = append(work, todo{e, 0, time.Time{}})
		case !e.lastmod.IsZero() && !e.lastmod.Equal(k.Modified):
			work = append(work, todo{e, 1, k.Indexed})
		case e.lastmod.IsZero() && now.Sub(k.Indexed) > SitemapRefresh:
			work = append(work, todo{e, 2, k.Indexed})
		}
	}
	sort.SliceStable(work, func(i, j int) bool {
		if work[i].rank != work[j].rank {
			return work[i].rank < work[j].rank
		}
		return work[i].indexed.Before(work[j].indexed)
	})
	if len(work) > SitemapFetchMax {
		work, l.More = work[:SitemapFetchMax], true
	}
	for _, w := range work {
		body, err := c.GetPage(ctx, w.url)
		if err != nil {
			if hidden(err) {
				delete(l.Listed, w.url) // listed but gone: dropped like a removed page
				continue
			}
			return nil, fmt.Errorf("read %s: %w", pathOf(w.url), err)
		}
		p := pageOfHTML(string(body), w.url)
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
		p.Title = collections.Truncate(pageTitle(doc), collections.SitePageTitleMax)
		p.Kind, p.URL, p.Source = w.kind, w.url, collections.PageSourceSitemap
		p.Slug = collections.Truncate(path.Base(strings.TrimRight(pathOf(w.url), "/")), collections.SitePageSlugMax)
		p.Modified = w.lastmod
		if t, err := time.Parse(time.RFC3339, metaContent(doc, "article:published_time")); err == nil {
			p.Published = t.UTC()
		}
		if p.Modified.IsZero() {
			if t, err := time.Parse(time.RFC3339, metaContent(doc, "article:modified_time")); err == nil {
				p.Modified = t.UTC()
			}
		}
		doc.Find(`a[rel~="category"]`).Each(func(_ int, a *goquery.Selection) {
			if n := strings.TrimSpace(a.Text()); n != "" && len(p.Categories) < 50 {
				p.Categories = append(p.Categories, collections.Truncate(n, 200))
			}
		})
		l.Pages = append(l.Pages, p)
	}
	return l, nil
}

func skipSitemap(loc string) bool {
	low := strings.ToLower(pathOf(loc))
	for _, s := range sitemapSkip {
		if strings.Contains(low, s) {
			return true
		}
	}
	return false
}

// pathOf is the path of a URL, for messages (never the whole foreign URL).
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "?"
	}
	return collections.Truncate(u.Path, 200)
}
