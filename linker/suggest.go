package linker

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// page is one post of a site as the Linker sees it: igny8's published
// articles (and the article being linked, published or not).
type page struct {
	key     string // source_key / target_key: "content:<id>"
	content *core.Record
	postID  int
	url     string
	title   string
	cluster string
	hub     bool // a pillar or a page: the top of its cluster
	// phrases name the page, best first: its keywords, then its title;
	// keywords counts how many of them are keywords.
	phrases  []string
	keywords int
	html     string
}

func contentKey(id string) string { return "content:" + id }

// pageOf describes a content with its task's keywords, cluster and shape.
func pageOf(app core.App, c *core.Record) page {
	p := page{key: contentKey(c.Id), content: c, postID: c.GetInt("wp_post_id"), url: c.GetString("wp_url"),
		title: c.GetString("title"), html: c.GetString("html")}
	if task, err := app.FindRecordById(collections.Tasks, c.GetString("task")); err == nil && task.GetString("tenant") == c.GetString("tenant") {
		p.cluster = task.GetString("cluster")
		p.hub = task.GetString("structure") == "pillar" || task.GetString("content_type") == "page"
		for _, k := range collections.TaskKeywords(task) {
			p.addPhrase(k)
		}
		p.keywords = len(p.phrases)
	}
	p.addPhrase(p.title)
	return p
}

// addPhrase keeps phrases of at least 4 letters that are not there yet.
func (p *page) addPhrase(s string) {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) < 4 || len(s) > collections.LinkAnchorMax {
		return
	}
	for _, q := range p.phrases {
		if strings.EqualFold(q, s) {
			return
		}
	}
	p.phrases = append(p.phrases, s)
}

// sitePages lists the site's live igny8 articles (the posts a link can point
// at and the older posts that can link to a new one).
func sitePages(app core.App, site *core.Record) ([]page, error) {
	list, err := app.FindRecordsByFilter(collections.Contents,
		"site = {:s} && tenant = {:t} && wp_post_id > 0 && wp_url != '' && (wp_status = 'publish' || wp_status = 'future')",
		"-published_at", 2000, 0, dbx.Params{"s": site.Id, "t": site.GetString("tenant")})
	if err != nil {
		return nil, fmt.Errorf("published contents of site %s: %w", site.Id, err)
	}
	out := make([]page, 0, len(list))
	for _, c := range list {
		out = append(out, pageOf(app, c))
	}
	return out, nil
}

// indexPages are the site's other posts and pages from the site index
// (wordpress.index): targets for outbound links, named by their title and
// their slug's words. Pages that are igny8's own articles are left out (the
// articles themselves are in pages); they cannot be a back-fill's source, as
// igny8 only edits its own articles.
func indexPages(app core.App, site *core.Record, own []page) ([]page, error) {
	list, err := app.FindRecordsByFilter(collections.SitePages, "site = {:s} && tenant = {:t} && content = ''",
		"-published_at", 5000, 0, dbx.Params{"s": site.Id, "t": site.GetString("tenant")})
	if err != nil {
		return nil, fmt.Errorf("site index of %s: %w", site.Id, err)
	}
	mine := map[string]bool{}
	for _, p := range own {
		mine[normURL(p.url)] = true
	}
	out := make([]page, 0, len(list))
	for _, r := range list {
		u := r.GetString("url")
		if !webURL(u) || mine[normURL(u)] {
			continue
		}
		p := page{key: "url:" + u, postID: r.GetInt("wp_id"), url: u, title: r.GetString("title")}
		if p.postID > 0 {
			p.key = "post:" + strconv.Itoa(p.postID)
		}
		p.addPhrase(p.title)
		p.addPhrase(strings.ReplaceAll(r.GetString("slug"), "-", " "))
		if len(p.phrases) > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// linkType is the old plugin's link type for source → target.
func linkType(src, dst page) string {
	if src.cluster != "" && src.cluster == dst.cluster {
		switch {
		case dst.hub && !src.hub:
			return collections.LinkUpward
		case src.hub && !dst.hub:
			return collections.LinkDownward
		}
	}
	return collections.LinkHorizontal
}

// candidate is a link the Linker could suggest.
type candidate struct {
	src, dst page
	origin   string
	anchor   string
	score    float64
	priority string
	reason   string
}

// rate scores the anchor found in src for dst: a keyword of the target in the
// same cluster is the strongest sign (high), a keyword elsewhere or the title
// in the same cluster medium, a title elsewhere low.
func rate(src, dst page, m match, origin string) candidate {
	keyword := m.phrase < dst.keywords
	same := src.cluster != "" && src.cluster == dst.cluster
	c := candidate{src: src, dst: dst, origin: origin, anchor: m.text}
	c.score = float64(len(strings.Fields(m.text)))
	what := "its title"
	if keyword {
		c.score += 2
		what = "its keyword"
		if m.phrase == 0 {
			c.score++
			what = "its focus keyword"
		}
	}
	if same {
		c.score += 3
	}
	switch {
	case keyword && same:
		c.priority = collections.PriorityHigh
	case keyword || same:
		c.priority = collections.PriorityMedium
	default:
		c.priority = collections.PriorityLow
	}
	c.reason = fmt.Sprintf("%q in the text names %s", m.text, what)
	if same {
		c.reason += "; same cluster"
	}
	c.reason = collections.Truncate(c.reason, 500)
	return c
}

// SuggestResult is what one suggestion run did.
type SuggestResult struct {
	Outbound int `json:"outbound"`
	Backfill int `json:"backfill"`
	// Waiting says why no back-fill was looked for (the article has no URL yet).
	Waiting string `json:"waiting,omitempty"`
}

// Suggest stores link suggestions for a content: from its text to the site's
// live articles (outbound) and, once it has a URL, from their text to it
// (back-fill). A pair that has a record in any status is never suggested
// again (a rejected or removed link stays decided), a post that already links
// to the page gets no second link, one anchor text serves one target, and a
// source already at its cap gets no more. Lexical only: no AI call, no credits.
func Suggest(app core.App, contentId string) (SuggestResult, error) {
	var res SuggestResult
	content, err := app.FindRecordById(collections.Contents, contentId)
	if err != nil {
		return res, fmt.Errorf("content %s: %w", contentId, err)
	}
	site, err := app.FindRecordById(collections.Sites, content.GetString("site"))
	if err != nil || site.GetString("tenant") != content.GetString("tenant") {
		return res, fmt.Errorf("site of content %s: %w", contentId, err)
	}
	pages, err := sitePages(app, site)
	if err != nil {
		return res, err
	}
	self := pageOf(app, content)
	known, err := knownPairs(app, site.Id)
	if err != nil {
		return res, err
	}
	indexed, err := indexPages(app, site, pages)
	if err != nil {
		return res, err
	}
	var out, back []candidate
	for _, other := range indexed {
		if !known[self.key+" "+other.key] && normURL(other.url) != normURL(self.url) && !linksTo(self.html, other.url) {
			if m, ok := find(self.html, other.phrases); ok {
				out = append(out, rate(self, other, m, collections.LinkOriginOutbound))
			}
		}
	}
	for _, other := range pages {
		if other.key == self.key {
			continue
		}
		if !known[self.key+" "+other.key] && !linksTo(self.html, other.url) {
			if m, ok := find(self.html, other.phrases); ok {
				out = append(out, rate(self, other, m, collections.LinkOriginOutbound))
			}
		}
		if self.url != "" && !known[other.key+" "+self.key] && !linksTo(other.html, self.url) {
			if m, ok := find(other.html, self.phrases); ok {
				back = append(back, rate(other, self, m, collections.LinkOriginBackfill))
			}
		}
	}
	if self.url == "" {
		res.Waiting = "back-fill waits until the article is published (it has no URL yet)"
	}
	byScore := func(a, b candidate) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.dst.key+a.src.key, b.dst.key+b.src.key)
	}
	slices.SortStableFunc(out, byScore)
	slices.SortStableFunc(back, byScore)
	err = app.RunInTransaction(func(tx core.App) error {
		used := map[string]bool{}
		for _, c := range out {
			if res.Outbound >= SuggestionsPerPost || used[strings.ToLower(c.anchor)] {
				continue
			}
			if err := saveSuggestion(tx, site, c); err != nil {
				return err
			}
			used[strings.ToLower(c.anchor)] = true
			res.Outbound++
		}
		for _, c := range back {
			if res.Backfill >= SuggestionsPerPost {
				break
			}
			n, err := activeLinks(tx, c.src.content.Id)
			if err != nil {
				return err
			}
			if n >= collections.LinksPerPostMax {
				continue
			}
			if err := saveSuggestion(tx, site, c); err != nil {
				return err
			}
			res.Backfill++
		}
		return nil
	})
	return res, err
}

// knownPairs are the site's "source target" keys that already have a record.
func knownPairs(app core.App, site string) (map[string]bool, error) {
	var rows []struct {
		S string `db:"source_key"`
		T string `db:"target_key"`
	}
	if err := app.DB().Select("source_key", "target_key").From(collections.InternalLinks).
		Where(dbx.HashExp{"site": site}).All(&rows); err != nil {
		return nil, fmt.Errorf("links of site %s: %w", site, err)
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.S+" "+r.T] = true
	}
	return out, nil
}

// activeLinks counts a source's links that are in its text or on their way
// (approved, inserted, being removed): the measure of the per-post cap.
func activeLinks(app core.App, source string) (int, error) {
	var n struct {
		N int `db:"n"`
	}
	err := app.DB().Select("COUNT(*) AS n").From(collections.InternalLinks).
		Where(dbx.HashExp{"source_content": source, "status": []any{collections.LinkApproved, collections.LinkInserted, collections.LinkRemoving}}).One(&n)
	if err != nil {
		return 0, fmt.Errorf("links of %s: %w", source, err)
	}
	return n.N, nil
}

func saveSuggestion(app core.App, site *core.Record, c candidate) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.InternalLinks)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{
		"tenant": site.GetString("tenant"), "site": site.Id,
		"source_content": c.src.content.Id, "source_post": c.src.postID, "source_url": c.src.url, "source_title": collections.Truncate(c.src.title, 500), "source_key": c.src.key,
		"target_post": c.dst.postID, "target_url": c.dst.url, "target_title": collections.Truncate(c.dst.title, 500), "target_key": c.dst.key,
		"anchor": c.anchor, "cluster": c.dst.cluster, "link_type": linkType(c.src, c.dst), "priority": c.priority,
		"status": collections.LinkSuggested, "origin": c.origin, "score": c.score, "reason": c.reason,
	})
	if c.dst.content != nil {
		r.Set("target_content", c.dst.content.Id)
	}
	if err := app.Save(r); err != nil {
		return fmt.Errorf("save suggestion %s → %s: %w", c.src.key, c.dst.key, err)
	}
	return nil
}
