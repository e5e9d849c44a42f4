package linker

import (
	"html"
	"regexp"
	"strings"

	"github.com/igny8/igny8/collections"
	xhtml "golang.org/x/net/html"
)

// The article's HTML is edited in place, byte for byte outside the one
// phrase a link wraps: the publisher, the version history and the editor all
// see exactly the text they saw before plus the link, never a re-serialised
// document.

// skipped are the elements whose text never takes a link: headings (a link
// there reads as navigation, and the old plugin never put one there), links
// (a link inside a link is invalid HTML), figures and their captions, code,
// and whatever is not prose.
var skipped = map[string]bool{
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"a": true, "figure": true, "figcaption": true, "pre": true, "code": true,
	"script": true, "style": true, "button": true, "label": true, "select": true, "textarea": true,
	"caption": true, "th": true,
}

// span is a run of raw text (HTML-escaped as stored) at [start, end) of the
// article that may take a link.
type span struct{ start, end int }

// linkable returns the article's text runs outside the skipped elements.
func linkable(doc string) []span {
	z := xhtml.NewTokenizer(strings.NewReader(doc))
	depth := 0
	open := map[string]int{}
	var out []span
	pos := 0
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return out
		}
		raw := len(z.Raw())
		switch tt {
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if skipped[string(name)] {
				open[string(name)]++
				depth++
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if n := open[string(name)]; n > 0 {
				open[string(name)] = n - 1
				depth--
			}
		case xhtml.TextToken:
			if depth == 0 {
				out = append(out, span{pos, pos + raw})
			}
		}
		pos += raw
	}
}

// phraseRe matches phrase as a whole-word run of the stored (escaped) text,
// any case, any whitespace between its words.
func phraseRe(phrase string) *regexp.Regexp {
	words := strings.Fields(phrase)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(html.EscapeString(w))
	}
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(` + strings.Join(words, `\s+`) + `)(?:[^\p{L}\p{N}]|$)`)
}

// match is where a phrase was found: the byte range of the stored text it
// covers and that text unescaped (the anchor as readers see it).
type match struct {
	phrase     int
	start, end int
	text       string
}

// find returns the first place any of phrases (in order of preference)
// occurs in a linkable run of doc.
func find(doc string, phrases []string) (match, bool) {
	spans := linkable(doc)
	for i, p := range phrases {
		if len(strings.Fields(p)) == 0 {
			continue
		}
		re := phraseRe(p)
		for _, s := range spans {
			if m := re.FindStringSubmatchIndex(doc[s.start:s.end]); m != nil {
				a, b := s.start+m[2], s.start+m[3]
				return match{phrase: i, start: a, end: b, text: html.UnescapeString(doc[a:b])}, true
			}
		}
	}
	return match{}, false
}

// markerRe finds the <a> the Linker inserted for one link.
func markerRe(linkId string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)<a\s[^>]*\b` + collections.AttrLink + `="` + regexp.QuoteMeta(linkId) + `"[^>]*>(.*?)</a>`)
}

var anyMarkerRe = regexp.MustCompile(`\b` + collections.AttrLink + `="([a-z0-9]{15})"`)

// hasLink reports whether the link is already in doc.
func hasLink(doc, linkId string) bool {
	return strings.Contains(doc, collections.AttrLink+`="`+linkId+`"`) && markerRe(linkId).MatchString(doc)
}

// countLinks counts the Linker's links in doc (the cap's measure).
func countLinks(doc string) int {
	seen := map[string]bool{}
	for _, m := range anyMarkerRe.FindAllStringSubmatch(doc, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// insertLink wraps the first linkable occurrence of anchor in doc with the
// link's <a>. It does nothing when the link is already there (a retry), and
// reports false when the anchor is not in the text (any more).
func insertLink(doc, linkId, href, anchor string) (string, bool) {
	if hasLink(doc, linkId) {
		return doc, true
	}
	m, ok := find(doc, []string{anchor})
	if !ok {
		return doc, false
	}
	a := `<a href="` + html.EscapeString(href) + `" ` + collections.AttrLink + `="` + linkId + `">`
	return doc[:m.start] + a + doc[m.start:m.end] + "</a>" + doc[m.end:], true
}

// removeLink unwraps the link's <a>, leaving its text where it was; doc is
// returned unchanged when the link is not in it.
func removeLink(doc, linkId string) string {
	if !strings.Contains(doc, collections.AttrLink+`="`+linkId+`"`) {
		return doc
	}
	return markerRe(linkId).ReplaceAllString(doc, "$1")
}

// linksTo reports whether doc already has a link (any, the author's own
// included) to target: the same page never gets a second link from one post.
func linksTo(doc, target string) bool {
	want := normURL(target)
	if want == "" {
		return false
	}
	z := xhtml.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return false
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "a" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "href" && normURL(string(v)) == want {
					return true
				}
			}
		}
	}
}

// normURL compares page URLs as a reader would: without scheme, "www.",
// query, fragment or trailing slash, in lower case.
func normURL(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	return strings.TrimRight(u, "/")
}

// hrefAnchorRe finds an <a> to href whose text is anchor (the old plugin's
// links, which carry no igny8 mark).
func hrefAnchorRe(href, anchor string) *regexp.Regexp {
	words := strings.Fields(anchor)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(html.EscapeString(w))
	}
	return regexp.MustCompile(`(?is)<a\s[^>]*\bhref="` + regexp.QuoteMeta(html.EscapeString(href)) + `"[^>]*>(` + strings.Join(words, `\s+`) + `)</a>`)
}

// hasHrefAnchor reports whether doc has an <a> to href reading anchor.
func hasHrefAnchor(doc, href, anchor string) bool {
	if href == "" || len(strings.Fields(anchor)) == 0 {
		return false
	}
	return hrefAnchorRe(href, anchor).MatchString(doc)
}

// unwrapHref unwraps the first <a> to href reading anchor.
func unwrapHref(doc, href, anchor string) string {
	if !hasHrefAnchor(doc, href, anchor) {
		return doc
	}
	re := hrefAnchorRe(href, anchor)
	loc := re.FindStringSubmatchIndex(doc)
	return doc[:loc[0]] + doc[loc[2]:loc[3]] + doc[loc[1]:]
}
