package exports

import (
	"fmt"
	"html"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/spreadsheet"
)

// safe is the one CSV cell rule of igny8 (formula-escaped text cells).
func safe(s string) string { return spreadsheet.Safe(s) }

// Article is one content as the export writes it.
type Article struct {
	Title, Slug, MetaTitle, MetaDescription, Status, URL string
	// HTML is the stored, server-sanitised article body.
	HTML string
	// Images maps an images record id to its path in the zip, relative to
	// the article's file.
	Images                map[string]string
	Featured, FeaturedAlt string
}

// Render answers the article as a standalone HTML document and as Markdown
// with a front matter. Each figure's image points at its copy in the zip;
// the user's text is escaped wherever igny8 builds markup around it.
func (a Article) Render() (doc, md string, err error) {
	body, err := a.localImages()
	if err != nil {
		return "", "", err
	}
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
	b.WriteString(html.EscapeString(firstOf(a.MetaTitle, a.Title)))
	b.WriteString("</title>\n")
	if a.MetaDescription != "" {
		fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\">\n", html.EscapeString(a.MetaDescription))
	}
	b.WriteString("</head>\n<body>\n<article>\n<h1>")
	b.WriteString(html.EscapeString(a.Title))
	b.WriteString("</h1>\n")
	if a.Featured != "" {
		fmt.Fprintf(&b, "<figure><img src=\"%s\" alt=\"%s\"></figure>\n", html.EscapeString(a.Featured), html.EscapeString(a.FeaturedAlt))
	}
	b.WriteString(body)
	b.WriteString("\n</article>\n</body>\n</html>\n")

	text, err := htmltomarkdown.ConvertString(body)
	if err != nil {
		return "", "", fmt.Errorf("markdown: %w", err)
	}
	var m strings.Builder
	m.WriteString("---\n")
	for _, kv := range [][2]string{{"title", a.Title}, {"slug", a.Slug}, {"meta_title", a.MetaTitle},
		{"meta_description", a.MetaDescription}, {"status", a.Status}, {"url", a.URL}, {"featured_image", a.Featured}} {
		if kv[1] != "" {
			fmt.Fprintf(&m, "%s: %s\n", kv[0], yamlString(kv[1]))
		}
	}
	m.WriteString("---\n\n# ")
	m.WriteString(strings.ReplaceAll(a.Title, "\n", " "))
	m.WriteString("\n\n")
	if a.Featured != "" {
		fmt.Fprintf(&m, "![%s](%s)\n\n", strings.NewReplacer("[", "\\[", "]", "\\]").Replace(a.FeaturedAlt), a.Featured)
	}
	m.WriteString(strings.TrimSpace(text))
	m.WriteString("\n")
	return b.String(), m.String(), nil
}

// localImages points every figure's image at its copy in the zip; a figure
// whose image has no file is left out (its src would point at the app).
func (a Article) localImages() (string, error) {
	d, err := goquery.NewDocumentFromReader(strings.NewReader("<body>" + a.HTML + "</body>"))
	if err != nil {
		return "", fmt.Errorf("parse article: %w", err)
	}
	d.Find("figure[" + collections.AttrImage + "]").Each(func(_ int, fig *goquery.Selection) {
		id, _ := fig.Attr(collections.AttrImage)
		local, ok := a.Images[id]
		if !ok {
			fig.Remove()
			return
		}
		fig.RemoveAttr(collections.AttrImage)
		fig.Find("img").SetAttr("src", local)
	})
	return d.Find("body").Html()
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// yamlString quotes s as a YAML double-quoted scalar (JSON string syntax is
// valid YAML).
func yamlString(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "\"", "\\\"", "\n", "\\n", "\r", "\\r", "\t", "\\t")
	return "\"" + r.Replace(s) + "\""
}
