package writer

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
)

// Figure is one in-article image to place in the HTML.
type Figure struct {
	// ImageId is the images record id (the data-igny8-image value).
	ImageId string
	// Src is the PocketBase file path, see [FileSrc].
	Src string
	Alt string
	// Slot is the 1-based H2 the image follows; 0 or a missing slot appends
	// the image after the last section's heading.
	Slot          int
	Width, Height int
}

// FileSrc is the URL an article's <img> uses: PocketBase's file route for the
// images record. The files are protected, so browsers add a file token and the
// WordPress publisher uploads the bytes and rewrites the src to the media URL.
func FileSrc(imageId, filename string) string {
	return "/api/files/images/" + imageId + "/" + filename
}

// FigureHTML renders the convention documented in docs/WRITER.md:
//
//	<figure data-igny8-image="ID"><img src="/api/files/images/ID/FILE" alt="..." width="W" height="H" loading="lazy"></figure>
func FigureHTML(f Figure) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure %s="%s"><img src="%s" alt="%s"`, collections.AttrImage, html.EscapeString(f.ImageId), html.EscapeString(f.Src), html.EscapeString(f.Alt))
	if f.Width > 0 && f.Height > 0 {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, f.Width, f.Height)
	}
	b.WriteString(` loading="lazy"/></figure>`)
	return b.String()
}

// PlaceImages puts each figure right after its H2 slot, replacing a figure of
// the same image placed before (so re-running the images job never duplicates).
// The HTML should have been through [Reparse] so H2s carry their slot numbers.
func PlaceImages(article string, figures []Figure) (string, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + article + "</body></html>"))
	if err != nil {
		return "", fmt.Errorf("parse article html: %w", err)
	}
	body := doc.Find("body")
	for _, f := range figures {
		body.Find("figure[" + collections.AttrImage + "=\"" + f.ImageId + "\"]").Remove()
	}
	h2s := body.Find("h2")
	for _, f := range figures {
		target := h2s.Filter("[" + collections.AttrSlot + "=\"" + strconv.Itoa(f.Slot) + "\"]")
		if target.Length() == 0 {
			target = h2s.Last()
		}
		if target.Length() == 0 {
			body.AppendHtml(FigureHTML(f))
			continue
		}
		target.AfterHtml(FigureHTML(f))
	}
	out, err := body.Html()
	if err != nil {
		return "", fmt.Errorf("render article html: %w", err)
	}
	return strings.TrimSpace(out), nil
}
