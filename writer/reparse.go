package writer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// WordsPerMinute is the reading speed behind reading_minutes.
const WordsPerMinute = 200

// Slot is one place an in-article image can go: right after an H2.
type Slot struct {
	Index   int    `json:"index"`
	Heading string `json:"heading"`
	Anchor  string `json:"anchor"`
}

// Parsed is article HTML after [Reparse]: sanitised, repaired and measured.
type Parsed struct {
	HTML           string `json:"html"`
	WordCount      int    `json:"word_count"`
	ReadingMinutes int    `json:"reading_minutes"`
	Slots          []Slot `json:"slots"`
	// Headings is the repaired outline, e.g. "h2 Intro".
	Headings []string `json:"headings"`
}

var (
	recordIdRe = regexp.MustCompile(`^[a-z0-9]{15}$`)
	slotRe     = regexp.MustCompile(`^[0-9]{1,3}$`)
	anchorRe   = regexp.MustCompile(`^[a-z0-9-]{1,80}$`)
	dimRe      = regexp.MustCompile(`^[0-9]{1,5}$`)
)

// policy is the allow-list for article HTML: structure, emphasis, links,
// lists, tables and igny8 figures. Everything else — scripts, styles, event
// handlers, iframes, forms and any URL scheme but http(s)/mailto — is dropped.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "u",
		"blockquote", "br", "hr", "code", "pre", "sup", "sub", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
		"caption", "figure", "figcaption", "dl", "dt", "dd", "mark", "small", "s", "del", "ins", "abbr", "cite", "q")
	p.AllowStandardURLs()
	// AllowStandardURLs also adds rel="nofollow" to every link: that would tell
	// search engines to ignore the article's links, the Linker's internal
	// links first of all. Links keep their href and nothing more.
	p.RequireNoFollowOnLinks(false)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a", "abbr")
	p.RequireNoFollowOnFullyQualifiedLinks(false)
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt", "title").OnElements("img")
	p.AllowAttrs("width", "height").Matching(dimRe).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^(lazy|eager)$`)).OnElements("img")
	p.AllowAttrs(collections.AttrImage).Matching(recordIdRe).OnElements("figure")
	p.AllowAttrs(collections.AttrLink).Matching(recordIdRe).OnElements("a") // the Linker's links
	p.AllowAttrs(collections.AttrSlot).Matching(slotRe).OnElements("h2")
	p.AllowAttrs("id").Matching(anchorRe).OnElements("h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("colspan", "rowspan").Matching(dimRe).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col)$`)).OnElements("th")
	return p
}()

// Sanitize applies only the allow-list (no structural repair).
func Sanitize(s string) string { return policy.Sanitize(s) }

// Reparse turns any HTML (AI output, a manual edit) into a clean article body:
// allow-list sanitised, no H1, no heading that skips a level (an H3 never
// precedes an H2), empty elements dropped, every H2 numbered as an image slot
// with an anchor, and words and reading time counted. It is idempotent.
func Reparse(raw string) (Parsed, error) {
	clean := policy.Sanitize(raw)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + clean + "</body></html>"))
	if err != nil {
		return Parsed{}, fmt.Errorf("parse article html: %w", err)
	}
	body := doc.Find("body")
	dropEmpty(body)
	out := Parsed{}
	out.Headings, out.Slots = repairHeadings(body)
	h, err := body.Html()
	if err != nil {
		return Parsed{}, fmt.Errorf("render article html: %w", err)
	}
	out.HTML = strings.TrimSpace(h)
	out.WordCount = countWords(body.Nodes[0])
	out.ReadingMinutes = ReadingMinutes(out.WordCount)
	return out, nil
}

// ReadingMinutes rounds words up to whole minutes at [WordsPerMinute].
func ReadingMinutes(words int) int {
	if words <= 0 {
		return 0
	}
	return int(math.Ceil(float64(words) / WordsPerMinute))
}

var headingAtoms = map[string]atom.Atom{"h2": atom.H2, "h3": atom.H3, "h4": atom.H4, "h5": atom.H5, "h6": atom.H6}

// repairHeadings demotes H1s and caps every heading at one level below the
// previous one (the first at H2), then numbers H2s as image slots.
func repairHeadings(body *goquery.Selection) ([]string, []Slot) {
	prev := 1
	var outline []string
	var slots []Slot
	used := map[string]int{}
	body.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
		n := s.Nodes[0]
		level := int(n.Data[1] - '0')
		level = max(2, min(level, prev+1))
		prev = level
		name := "h" + strconv.Itoa(level)
		n.Data, n.DataAtom = name, headingAtoms[name]
		text := strings.Join(strings.Fields(s.Text()), " ")
		anchor := uniqueAnchor(used, text)
		s.SetAttr("id", anchor)
		s.RemoveAttr(collections.AttrSlot)
		if level == 2 {
			slot := Slot{Index: len(slots) + 1, Heading: text, Anchor: anchor}
			slots = append(slots, slot)
			s.SetAttr(collections.AttrSlot, strconv.Itoa(slot.Index))
		}
		outline = append(outline, name+" "+text)
	})
	return outline, slots
}

func uniqueAnchor(used map[string]int, text string) string {
	base := collections.Slug(text, 70)
	if base == "" {
		base = "section"
	}
	used[base]++
	if n := used[base]; n > 1 {
		return base + "-" + strconv.Itoa(n)
	}
	return base
}

// keepEmpty are elements that mean something without text.
var keepEmpty = map[string]bool{"img": true, "br": true, "hr": true, "td": true, "th": true}

// dropEmpty removes elements without text or image, deepest first, so a
// wrapper left empty by its children's removal goes too.
func dropEmpty(body *goquery.Selection) {
	all := body.Find("*")
	for i := all.Length() - 1; i >= 0; i-- {
		s := all.Eq(i)
		n := s.Nodes[0]
		if keepEmpty[n.Data] || n.Parent == nil {
			continue
		}
		if strings.TrimFunc(s.Text(), isSpace) != "" || s.Find("img").Length() > 0 || (n.Data == "tr" || n.Data == "table" || n.Data == "tbody" || n.Data == "thead") && s.Find("td, th").Length() > 0 {
			continue
		}
		s.Remove()
	}
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }

// countWords counts whitespace-separated tokens holding a letter or digit
// across all text nodes, so "<p>a</p><p>b</p>" is two words.
func countWords(n *html.Node) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			for _, w := range strings.FieldsFunc(n.Data, isSpace) {
				if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
					count++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return count
}
