package overlap

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Finding is one page (or content) the checked work overlaps.
type Finding struct {
	Page         *core.Record // a site_pages record, or nil
	OtherContent *core.Record // a contents record, or nil
	URL, Title   string
	Lexical      float64
	// Semantic is the embedding cosine; -1 when not measured.
	Semantic float64
	Score    float64
	Reasons  []string
}

// subject is the checked idea or content.
type subject struct {
	idea, content *core.Record
	tenant, site  string
	text          Text
	postId        int
}

// CheckIdea checks an idea and stores its findings.
func CheckIdea(ctx context.Context, app core.App, idea *core.Record) ([]Finding, error) {
	s := subject{idea: idea, tenant: idea.GetString("tenant"), site: idea.GetString("site"),
		text: Text{Title: idea.GetString("title"), Keyword: idea.GetString("primary_keyword")}}
	s.text.Headings = collections.OutlineOf(idea).Headings()
	return check(ctx, app, s)
}

// CheckContent checks a content (before it is published) and stores its findings.
func CheckContent(ctx context.Context, app core.App, content *core.Record) ([]Finding, error) {
	s := subject{content: content, tenant: content.GetString("tenant"), site: content.GetString("site"),
		text:   Text{Title: content.GetString("title"), Slug: content.GetString("slug"), Headings: headingsOf(content.GetString("html"))},
		postId: content.GetInt("wp_post_id")}
	if task, err := app.FindRecordById(collections.Tasks, content.GetString("task")); err == nil {
		if kws := collections.TaskKeywords(task); len(kws) > 0 {
			s.text.Keyword = kws[0]
		}
	}
	return check(ctx, app, s)
}

// headingsOf are the H2 and H3 texts of article HTML.
func headingsOf(html string) []string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		return nil
	}
	var out []string
	doc.Find("h2, h3").Each(func(_ int, h *goquery.Selection) {
		if t := strings.Join(strings.Fields(h.Text()), " "); t != "" && len(out) < collections.SitePageHeadingsMax {
			out = append(out, t)
		}
	})
	return out
}

func pageText(r *core.Record) Text {
	var heads []string
	_ = r.UnmarshalJSONField("headings", &heads)
	return Text{Title: r.GetString("title"), Slug: r.GetString("slug"), Headings: heads}
}

// check scores the subject against the site's index and its other contents,
// embeds the closest candidates, and stores what is flagged.
func check(ctx context.Context, app core.App, s subject) ([]Finding, error) {
	pages, err := app.FindAllRecords(collections.SitePages, dbx.HashExp{"site": s.site, "tenant": s.tenant})
	if err != nil {
		return nil, fmt.Errorf("load the site index: %w", err)
	}
	var cands []Finding
	texts := map[*Finding]Text{}
	for _, p := range pages {
		if s.content != nil && (p.GetString("content") == s.content.Id || (s.postId > 0 && p.GetInt("wp_id") == s.postId && p.GetString("kind") == collections.PageKindPost)) {
			continue // the content's own post
		}
		t := pageText(p)
		lex, reasons := Lexical(s.text, t)
		if lex >= CandidateFloor {
			cands = append(cands, Finding{Page: p, URL: p.GetString("url"), Title: p.GetString("title"), Lexical: lex, Semantic: -1, Reasons: reasons})
		}
	}
	// An idea is also compared with the site's unpublished contents (igny8's
	// own work in progress); an article about to be published only with the
	// live site, which holds igny8's published contents too (linked by post id).
	var others []*core.Record
	if s.idea != nil {
		if others, err = app.FindAllRecords(collections.Contents, dbx.HashExp{"site": s.site, "tenant": s.tenant, "wp_post_id": 0}); err != nil {
			return nil, fmt.Errorf("load the site's contents: %w", err)
		}
	}
	for _, c := range others {
		if task, err := app.FindRecordById(collections.Tasks, c.GetString("task")); err == nil && task.GetString("idea") == s.idea.Id {
			continue // the idea's own article
		}
		t := Text{Title: c.GetString("title"), Slug: c.GetString("slug"), Headings: headingsOf(c.GetString("html"))}
		lex, reasons := Lexical(s.text, t)
		if lex >= CandidateFloor {
			cands = append(cands, Finding{OtherContent: c, Title: c.GetString("title"), Lexical: lex, Semantic: -1,
				Reasons: append([]string{"another igny8 content of this site (" + c.GetString("status") + ")"}, reasons...)})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Lexical > cands[j].Lexical })
	if len(cands) > MaxCandidates {
		cands = cands[:MaxCandidates]
	}
	for i := range cands {
		if cands[i].Page != nil {
			texts[&cands[i]] = pageText(cands[i].Page)
		} else {
			texts[&cands[i]] = Text{Title: cands[i].OtherContent.GetString("title"), Headings: headingsOf(cands[i].OtherContent.GetString("html"))}
		}
	}
	semantic(ctx, app, s, cands, texts)
	var found []Finding
	for _, f := range cands {
		if !Flagged(f.Lexical, f.Semantic) {
			continue
		}
		f.Score = max(f.Lexical, f.Semantic)
		found = append(found, f)
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Score > found[j].Score })
	if len(found) > MaxFindings {
		found = found[:MaxFindings]
	}
	return found, store(app, s, found)
}

// semantic embeds the subject and the candidates (pages from their cache
// when it holds their text, embedCached) and sets their cosine. The dev
// provider's vectors are hashed words: their cosine says nothing the lexical
// score does not, so it is not used (Semantic stays -1) nor cached. A failed
// call leaves the check lexical and says so in the reasons.
func semantic(ctx context.Context, app core.App, s subject, cands []Finding, texts map[*Finding]Text) {
	if len(cands) == 0 {
		return
	}
	in := make([]string, len(cands))
	for i := range cands {
		in[i] = embedText(texts[&cands[i]])
	}
	e, err := embedCached(ctx, app, s.tenant, embedText(s.text), cands, in)
	if err != nil {
		for i := range cands {
			cands[i].Reasons = append(cands[i].Reasons, "embeddings unavailable: lexical check only")
		}
		return
	}
	if e.model == "dev" {
		return
	}
	for i := range cands {
		c := Cosine(e.subject, e.cands[i])
		cands[i].Semantic = c
		cands[i].Reasons = append(cands[i].Reasons, fmt.Sprintf("embedding similarity %.2f (%s)", c, e.model))
		if p := cands[i].Page; p != nil && e.fresh[i] {
			cacheVector(app, p, e.model, in[i], e.cands[i])
		}
	}
}

// store writes the findings: a pair found again keeps its decision; open
// records of pairs no longer found are removed (decided ones stay: the
// decision is history).
func store(app core.App, s subject, found []Finding) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.Overlaps)
	if err != nil {
		return err
	}
	field, id := "idea", ""
	if s.content != nil {
		field, id = "content", s.content.Id
	} else {
		id = s.idea.Id
	}
	return app.RunInTransaction(func(tx core.App) error {
		existing, err := tx.FindAllRecords(collections.Overlaps, dbx.HashExp{field: id})
		if err != nil {
			return err
		}
		byPair := map[string]*core.Record{}
		for _, r := range existing {
			byPair[r.GetString("page")+"|"+r.GetString("other_content")] = r
		}
		kept := map[string]bool{}
		for _, f := range found {
			page, other := "", ""
			if f.Page != nil {
				page = f.Page.Id
			}
			if f.OtherContent != nil {
				other = f.OtherContent.Id
			}
			key := page + "|" + other
			kept[key] = true
			r := byPair[key]
			if r == nil {
				r = core.NewRecord(col)
				r.Load(map[string]any{"tenant": s.tenant, "site": s.site, field: id, "page": page, "other_content": other, "status": collections.OverlapOpen})
			}
			sem := f.Semantic
			if sem < 0 {
				sem = 0
			}
			r.Load(map[string]any{"url": collections.Truncate(f.URL, collections.PageURLMax), "title": collections.Truncate(f.Title, collections.SitePageTitleMax),
				"score": f.Score, "lexical": f.Lexical, "semantic": sem, "reasons": f.Reasons})
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("save overlap: %w", err)
			}
		}
		for key, r := range byPair {
			if !kept[key] && r.GetString("status") == collections.OverlapOpen {
				if err := tx.Delete(r); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Blocking lists the content's overlaps that keep it from being published:
// undecided ones and those decided "skip".
func Blocking(app core.App, contentId string) ([]*core.Record, error) {
	return app.FindRecordsByFilter(collections.Overlaps, "content = {:c} && (status = {:open} || status = {:skip})", "-score", 20, 0,
		dbx.Params{"c": contentId, "open": collections.OverlapOpen, "skip": collections.OverlapSkip})
}

// decide records a decision on an overlap.
func decide(app core.App, r *core.Record, decision, userId string) error {
	r.Set("status", decision)
	r.Set("decided_by", userId)
	r.Set("decided_at", types.NowDateTime())
	return app.Save(r)
}

func dbxContent(id string) dbx.Expression { return dbx.HashExp{"content": id} }
