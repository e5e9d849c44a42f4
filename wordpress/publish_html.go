package wordpress

import "strings"

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
