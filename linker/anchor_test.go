package linker

import (
	"strings"
	"testing"
)

func TestInsertLinkPlacesOnceOutsideHeadingsAndLinks(t *testing.T) {
	const id = "abcdefghij12345"
	doc := `<h2>Cold brew ratio</h2><p>See <a href="https://x.test/">cold brew ratio</a> here.</p>` +
		`<figure data-igny8-image="img000000000001"><figcaption>cold brew ratio</figcaption></figure>` +
		`<p>The right Cold  Brew Ratio &amp; time.</p><p>cold brew ratio again</p>`
	out, ok := insertLink(doc, id, "https://site.test/ratio/?a=1&b=2", "cold brew ratio")
	if !ok {
		t.Fatal("anchor not found")
	}
	want := `<p>The right <a href="https://site.test/ratio/?a=1&amp;b=2" data-igny8-link="` + id + `">Cold  Brew Ratio</a> &amp; time.</p>`
	if !strings.Contains(out, want) {
		t.Fatalf("link not in the first paragraph outside headings, links and captions:\n%s", out)
	}
	if out[:strings.Index(out, "<p>The right")] != doc[:strings.Index(doc, "<p>The right")] {
		t.Fatal("text before the link changed")
	}
	again, ok := insertLink(out, id, "https://site.test/ratio/", "cold brew ratio")
	if !ok || again != out {
		t.Fatalf("second insert changed the text:\n%s", again)
	}
	if n := countLinks(again); n != 1 {
		t.Fatalf("countLinks = %d", n)
	}
	if back := removeLink(again, id); back != doc {
		t.Fatalf("remove did not restore the text:\n%s\nwant\n%s", back, doc)
	}
	if _, ok := insertLink(`<h3>cold brew ratio</h3><p><a href="/">a cold brew ratio</a></p>`, id, "https://s.test/", "cold brew ratio"); ok {
		t.Fatal("linked inside a heading or a link")
	}
	if _, ok := insertLink(`<p>coldbrew ratios</p>`, id, "https://s.test/", "cold brew ratio"); ok {
		t.Fatal("matched inside words")
	}
}

func TestLinksTo(t *testing.T) {
	doc := `<p><a href="http://www.Site.test/page/#x">a</a></p>`
	if !linksTo(doc, "https://site.test/page") {
		t.Fatal("same page not recognised")
	}
	if linksTo(doc, "https://site.test/other/") {
		t.Fatal("other page taken for the same")
	}
}

func TestUnwrapHref(t *testing.T) {
	doc := `<p>See <a href="https://s.test/a/" rel="x">the Guide</a> and <a href="https://s.test/a/">more</a>.</p>`
	if !hasHrefAnchor(doc, "https://s.test/a/", "the guide") {
		t.Fatal("not found")
	}
	if got := unwrapHref(doc, "https://s.test/a/", "the guide"); got != `<p>See the Guide and <a href="https://s.test/a/">more</a>.</p>` {
		t.Fatalf("got %s", got)
	}
}
