package wordpress

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
)

// plainText is an HTML fragment (a rendered title) as one line of text.
func plainText(fragment string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<div>" + fragment + "</div>"))
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(doc.Text()), " ")
}

// pageOfHTML takes headings, first words and word count of an article (a
// post's rendered content, or a whole page from the sitemap: then the
// article or main element when there is one, without navigation).
func pageOfHTML(body, pageURL string) IndexedPage {
	var p IndexedPage
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		return p
	}
	root := doc.Selection
	if pageURL != "" {
		doc.Find("script, style, noscript, template, nav, header, footer, aside, form").Remove()
		if a := doc.Find("article").First(); a.Length() > 0 {
			root = a
		} else if m := doc.Find("main").First(); m.Length() > 0 {
			root = m
		} else {
			root = doc.Find("body")
		}
	}
	root.Find("h2, h3").EachWithBreak(func(_ int, h *goquery.Selection) bool {
		if t := strings.Join(strings.Fields(h.Text()), " "); t != "" {
			p.Headings = append(p.Headings, collections.Truncate(t, collections.SitePageHeadingMax))
		}
		return len(p.Headings) < collections.SitePageHeadingsMax
	})
	words := strings.Fields(root.Text())
	p.WordCount = len(words)
	p.Excerpt = collections.Truncate(strings.Join(words[:min(len(words), 200)], " "), collections.SitePageExcerptMax)
	return p
}

func metaContent(doc *goquery.Document, property string) string {
	if doc == nil {
		return ""
	}
	v, _ := doc.Find(`meta[property="` + property + `"]`).First().Attr("content")
	return strings.TrimSpace(v)
}

// pageTitle is the article's title: Open Graph's, else the first H1, else <title>.
func pageTitle(doc *goquery.Document) string {
	if doc == nil {
		return ""
	}
	if t := metaContent(doc, "og:title"); t != "" {
		return t
	}
	if h := strings.Join(strings.Fields(doc.Find("h1").First().Text()), " "); h != "" {
		return h
	}
	return strings.Join(strings.Fields(doc.Find("title").First().Text()), " ")
}
