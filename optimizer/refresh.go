package optimizer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
)

// ErrNotIgny8 refuses to run a refresh of a post igny8 has no content for:
// adopt the post into a content first (POST /api/igny8/contents/{id}/adopt).
var ErrNotIgny8 = errors.New("this post has no igny8 content: adopt it into a content first (POST /api/igny8/contents/{id}/adopt), then scan again")

// section is one H2 section of an article (the intro has no heading).
type section struct {
	Heading string `json:"heading"`
	HTML    string `json:"html"`
}

// rewrite is the model's answer: the sections it rewrote or added.
type rewrite struct {
	Sections []section `json:"sections"`
}

// sectionsOf splits article HTML at its H2 headings.
func sectionsOf(body string) ([]section, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + body + "</body></html>"))
	if err != nil {
		return nil, err
	}
	out := []section{{}}
	doc.Find("body").Contents().Each(func(_ int, n *goquery.Selection) {
		if goquery.NodeName(n) == "h2" {
			out = append(out, section{Heading: strings.TrimSpace(n.Text())})
			return
		}
		h, err := goquery.OuterHtml(n)
		if err == nil {
			out[len(out)-1].HTML += h
		}
	})
	return out, nil
}

// figures are the igny8 image figures of a section: a rewrite keeps them.
func figures(body string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + body + "</body></html>"))
	if err != nil {
		return ""
	}
	var b strings.Builder
	doc.Find("figure[" + collections.AttrImage + "]").Each(func(_ int, f *goquery.Selection) {
		if h, err := goquery.OuterHtml(f); err == nil {
			b.WriteString(h)
		}
	})
	return b.String()
}

// apply puts the rewritten sections into the article: a section whose
// heading matches an existing H2 replaces that section's text (its image
// figures stay, after the new first element); others are appended.
func apply(old []section, rw []section) string {
	byHeading := map[string]int{}
	for i, s := range old {
		if s.Heading != "" {
			byHeading[strings.ToLower(s.Heading)] = i
		}
	}
	out := append([]section(nil), old...)
	for _, s := range rw {
		if strings.TrimSpace(s.HTML) == "" {
			continue
		}
		if i, ok := byHeading[strings.ToLower(strings.TrimSpace(s.Heading))]; ok {
			out[i].HTML = s.HTML + figures(old[i].HTML)
			continue
		}
		if s.Heading == "" {
			continue // the intro is only rewritten in place
		}
		out = append(out, section{Heading: s.Heading, HTML: s.HTML})
	}
	var b strings.Builder
	for _, s := range out {
		if s.Heading != "" {
			b.WriteString("<h2>" + html.EscapeString(s.Heading) + "</h2>")
		}
		b.WriteString(s.HTML)
	}
	return b.String()
}

// devRewrite is what the dev provider answers offline (ai.Request.DevAnswer):
// every section kept, with a dated paragraph that works in the missing
// keywords, so the whole refresh path runs without a model.
func devRewrite(old []section, missing []string, now time.Time) rewrite {
	var rw rewrite
	for _, s := range old {
		if s.Heading == "" {
			continue
		}
		p := "<p>Updated " + now.Format("January 2006") + ": what changed about " + html.EscapeString(strings.ToLower(s.Heading)) + " since this was written."
		if len(missing) > 0 {
			p += " It now also covers " + html.EscapeString(strings.Join(missing[:min(len(missing), 3)], ", ")) + "."
		}
		rw.Sections = append(rw.Sections, section{Heading: s.Heading, HTML: s.HTML + p + "</p>"})
	}
	return rw
}

// Refresh rewrites the refresh's content with AI as a new version (source
// refresh) and puts it in review; the post stays as it is in WordPress until
// the new version is approved and published (to the same post id).
func Refresh(ctx context.Context, app core.App, refresh *core.Record) (ai.Usage, error) {
	content, err := app.FindRecordById(collections.Contents, refresh.GetString("content"))
	if err != nil {
		return ai.Usage{}, ErrNotIgny8
	}
	old, err := sectionsOf(content.GetString("html"))
	if err != nil {
		return ai.Usage{}, fmt.Errorf("read the article: %w", err)
	}
	var reasons []Reason
	_ = refresh.UnmarshalJSONField("reasons", &reasons)
	var missing []string
	_ = refresh.UnmarshalJSONField("missing_keywords", &missing)
	var why, parts []string
	for _, r := range reasons {
		why = append(why, "- "+r.Text)
	}
	for _, s := range old {
		if s.Heading != "" {
			parts = append(parts, "## "+s.Heading+"\n"+s.HTML)
		}
	}
	msgs := []ai.Message{
		{Role: "system", Content: "You refresh published blog articles. Rewrite the sections that need it so the article is current, complete and covers the missing keywords naturally. Keep each section's heading exactly as given when you rewrite it; you may add at most two new sections. Answer HTML paragraphs and lists only (no headings inside a section's html, no images)."},
		{Role: "user", Content: "Article: " + content.GetString("title") + "\n\nWhy it needs a refresh:\n" + strings.Join(why, "\n") +
			"\n\nKeywords it misses: " + strings.Join(missing, ", ") + "\n\nSections:\n" + strings.Join(parts, "\n\n")},
	}
	var rw rewrite
	usage, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: refresh.GetString("tenant"), Messages: msgs,
		DevAnswer: devRewrite(old, missing, time.Now().UTC())}, &rw)
	if err != nil {
		return usage, fmt.Errorf("ai refresh: %w", err)
	}
	if len(rw.Sections) == 0 {
		return usage, jobs.Permanent(errors.New("the model rewrote no section"))
	}
	p, err := writer.Reparse(apply(old, rw.Sections))
	if err != nil {
		return usage, err
	}
	content.Set("html", p.HTML)
	content.Set("word_count", p.WordCount)
	content.Set("reading_minutes", p.ReadingMinutes)
	content.Set("image_slots", p.Slots)
	content.Set("status", collections.ContentReview)
	writer.MarkVersion(content, collections.VersionRefresh, "", usage.Model)
	return usage, app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(content); err != nil {
			return fmt.Errorf("save the new version: %w", err)
		}
		refresh.Set("status", collections.RefreshReview)
		refresh.Set("version", content.GetInt("version"))
		refresh.Set("model", collections.Truncate(usage.Model, 120))
		refresh.Set("error", "")
		return tx.Save(refresh)
	})
}

func handleRefresh(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	refresh, err := app.FindRecordById(collections.Refreshes, job.Target())
	if err != nil || refresh.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("refresh %s is not in the job's workspace", job.Target()))
	}
	usage, err := Refresh(ctx, app, refresh)
	job.RecordUsage(usage.Model, usage.TokensIn, usage.TokensOut, usage.CostUSD)
	if err != nil {
		refresh.Set("status", collections.RefreshFailed)
		refresh.Set("error", collections.Truncate(err.Error(), 2000))
		if serr := app.Save(refresh); serr != nil {
			app.Logger().Warn("optimizer: could not record a failed refresh", "refresh", refresh.Id, "error", serr)
		}
		if errors.Is(err, ErrNotIgny8) {
			return jobs.Permanent(err)
		}
		return err
	}
	job.SetResult(map[string]any{"content": refresh.GetString("content"), "version": refresh.GetInt("version"), "model": usage.Model})
	return nil
}

// EnqueueRefresh queues the rewrite of a refresh (ActionRefresh credits,
// reserved now; one job per refresh while it runs).
func EnqueueRefresh(app core.App, refresh *core.Record, createdBy string) (*core.Record, error) {
	var job *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		job, err = jobs.Enqueue(tx, jobs.EnqueueParams{Tenant: refresh.GetString("tenant"), Site: refresh.GetString("site"), Type: JobRefresh,
			TargetCollection: collections.Refreshes, Target: refresh.Id, Credits: billing.Cost(billing.ActionRefresh, 1),
			ActiveKey: jobs.ActiveKey(JobRefresh, refresh.Id), CreatedBy: createdBy})
		if err != nil {
			return err
		}
		refresh.Set("status", collections.RefreshQueued)
		return tx.Save(refresh)
	})
	return job, err
}
