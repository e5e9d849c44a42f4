package writer

import (
	"context"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// Meta is the SEO metadata the model returns after the article is written.
type Meta struct {
	MetaTitle       string `json:"meta_title"`
	MetaDescription string `json:"meta_description"`
	Slug            string `json:"slug"`
	Excerpt         string `json:"excerpt"`
}

// writeMeta asks for the metadata, asks once more when a length limit is
// exceeded, and then trims at a word boundary.
func writeMeta(ctx context.Context, app core.App, b *brief, art *Article) error {
	vars := b.baseVars()
	vars["Title"] = art.Title
	vars["Excerpt"] = excerpt(art.Parsed.HTML, 60)
	msgs, err := b.messages(app, ai.PromptMeta, vars)
	if err != nil {
		return err
	}
	var m Meta
	req := ai.Request{Task: ai.TaskContent, Tenant: b.tenant, Messages: msgs}
	u, err := jsonPart(ctx, app, req, &m)
	art.Usage.Add(u)
	if err != nil {
		return fmt.Errorf("meta: %w", err)
	}
	if n, d := len([]rune(m.MetaTitle)), len([]rune(m.MetaDescription)); n > MetaTitleMax || d > MetaDescriptionMax {
		req.Messages = append(append([]ai.Message(nil), msgs...), ai.Message{Role: "user", Content: fmt.Sprintf(
			"Your meta title has %d characters and your meta description %d. Keep the meta title at most %d and the meta description at most %d characters.",
			n, d, MetaTitleMax, MetaDescriptionMax)})
		var again Meta
		u, err := jsonPart(ctx, app, req, &again)
		art.Usage.Add(u)
		if err == nil {
			m = again
		}
	}
	if len([]rune(m.MetaTitle)) > MetaTitleMax || len([]rune(m.MetaDescription)) > MetaDescriptionMax {
		art.Warnings = append(art.Warnings, "meta trimmed to the length limits")
	}
	art.MetaTitle = TrimWords(firstNonEmpty(m.MetaTitle, art.Title), min(MetaTitleMax, collections.ContentMetaTitleMax))
	art.MetaDescription = TrimWords(firstNonEmpty(m.MetaDescription, excerpt(art.Parsed.HTML, 25)), min(MetaDescriptionMax, collections.ContentMetaDescriptionMax))
	art.Slug = collections.Slug(firstNonEmpty(m.Slug, art.Title), SlugMax)
	if art.Slug == "" {
		art.Slug = collections.Slug(art.Title, SlugMax)
	}
	return nil
}

// TrimWords collapses s to one line and cuts it to at most limit characters
// at a word boundary (collections.Truncate).
func TrimWords(s string, limit int) string {
	return collections.Truncate(strings.Join(strings.Fields(s), " "), limit)
}

func excerpt(html string, words int) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		return ""
	}
	var f []string
	doc.Find("p").EachWithBreak(func(_ int, p *goquery.Selection) bool {
		f = append(f, strings.Fields(p.Text())...)
		return len(f) < words
	})
	if len(f) > words {
		f = f[:words]
	}
	return strings.Join(f, " ")
}
