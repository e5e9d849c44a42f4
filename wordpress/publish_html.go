package wordpress

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
)

// WordPress keeps titles, excerpts, term names, alt texts and captions as
// HTML: it prints them into pages as they are stored (texturized, so a raw
// `"` becomes a curly quote) and turns a raw `<Tea>` into an element or strips
// it. igny8's fields are text, so everything it sends goes through the
// builders in this file: text is escaped (quotes too, so texturize leaves them
// alone), attribute values are escaped, and markup is only ever built here.

var textEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;", `'`, "&#039;")

// Text is s as HTML text: WordPress shows exactly s, whatever it contains.
func Text(s string) string { return textEscaper.Replace(s) }

// attr is s as a double-quoted attribute value.
func attr(s string) string { return textEscaper.Replace(s) }

// texts is Text of each name.
func texts(names []string) []string {
	if names == nil {
		return nil
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Text(n)
	}
	return out
}

// figure is one igny8 image as it goes into a post.
type figure struct {
	ImageID string
	MediaID int
	URL     string
	Alt     string
	// Caption is HTML the editor put in the figure's <figcaption> (sanitised
	// by the writer with the rest of the article), kept as it is.
	Caption string
}

// html builds the figure as WordPress's own image block — the markup its
// editor saves — so themes lay it out (the wp-block-image and size classes)
// and WordPress adds srcset, sizes, width and height from the attachment when
// it renders the post (the wp-image-<id> class names the attachment). Every
// value is escaped; a URL that is not absolute http(s) gives no figure at all.
func (f figure) html() string {
	if !webURL(f.URL) {
		return ""
	}
	var b strings.Builder
	if f.MediaID > 0 {
		fmt.Fprintf(&b, `<!-- wp:image {"id":%d,"sizeSlug":"large","linkDestination":"none"} -->`, f.MediaID)
		b.WriteString(`<figure class="wp-block-image size-large">`)
		fmt.Fprintf(&b, `<img src="%s" alt="%s" class="wp-image-%d"/>`, attr(f.URL), attr(f.Alt), f.MediaID)
	} else {
		b.WriteString(`<figure class="wp-block-image size-large">`)
		fmt.Fprintf(&b, `<img src="%s" alt="%s"/>`, attr(f.URL), attr(f.Alt))
	}
	if f.Caption != "" {
		b.WriteString(`<figcaption class="wp-element-caption">` + f.Caption + "</figcaption>")
	}
	b.WriteString("</figure>")
	if f.MediaID > 0 {
		b.WriteString("<!-- /wp:image -->")
	}
	return b.String()
}

// webURL reports whether u is an absolute http or https URL.
func webURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && !strings.ContainsAny(u, " \t\r\n\"'<>`")
}

var (
	figureRe     = regexp.MustCompile(`(?s)<figure[^>]*\s` + collections.AttrImage + `="([a-z0-9]+)"[^>]*>(.*?)</figure>`)
	figcaptionRe = regexp.MustCompile(`(?s)<figcaption[^>]*>(.*?)</figcaption>`)
)

// articleHTML is the content's article as sent to WordPress: sanitised
// again with the writer's allow-list (edits are sanitised when saved; this
// also covers rows written before that, or by other code), with its images
// pointed at WordPress.
func articleHTML(body string, urls map[string]string, images []*core.Record) string {
	return RewriteImages(writer.Sanitize(body), urls, images)
}

// RewriteImages replaces the writer's image figures
// (<figure data-igny8-image="ID">…</figure>) with figures built from the image
// records and their WordPress attachments (urls: image id -> attachment URL,
// recorded by the media step); in-article images that have a URL but no
// figure are appended. Images without a WordPress URL keep their figure.
func RewriteImages(body string, urls map[string]string, images []*core.Record) string {
	byID := make(map[string]*core.Record, len(images))
	for _, img := range images {
		byID[img.Id] = img
	}
	build := func(img *core.Record, caption string) string {
		return figure{ImageID: img.Id, MediaID: img.GetInt("wp_media_id"), URL: urls[img.Id], Alt: img.GetString("alt"), Caption: caption}.html()
	}
	seen := map[string]bool{}
	body = figureRe.ReplaceAllStringFunc(body, func(fig string) string {
		m := figureRe.FindStringSubmatch(fig)
		id := m[1]
		seen[id] = true
		img, ok := byID[id]
		if !ok || urls[id] == "" {
			return fig
		}
		caption := ""
		if c := figcaptionRe.FindStringSubmatch(m[2]); c != nil {
			caption = c[1]
		}
		return build(img, caption)
	})
	for _, img := range images {
		if img.GetString("kind") != collections.ImageInArticle || seen[img.Id] || urls[img.Id] == "" {
			continue
		}
		if f := build(img, ""); f != "" {
			body += "\n" + f
		}
	}
	return body
}
