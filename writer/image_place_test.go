package writer_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/writer"
)

func TestPlaceImages(t *testing.T) {
	t.Parallel()
	p, err := writer.Reparse(`<p>intro</p><h2>One</h2><p>a</p><h2>Two</h2><p>b</p><h2>Three</h2><p>c</p>`)
	if err != nil {
		t.Fatal(err)
	}
	figs := []writer.Figure{
		{ImageId: "img000000000001", Src: writer.FileSrc("img000000000001", "a.jpg"), Alt: `Two "quoted" <b>`, Slot: 2, Width: 10, Height: 5},
		{ImageId: "img000000000002", Src: writer.FileSrc("img000000000002", "b.jpg"), Alt: "Missing slot", Slot: 9},
	}
	out, err := writer.PlaceImages(p.HTML, figs)
	if err != nil {
		t.Fatal(err)
	}
	two := strings.Index(out, ">Two</h2>")
	first := strings.Index(out, `data-igny8-image="img000000000001"`)
	if two < 0 || first < two || first > strings.Index(out, "<p>b</p>") {
		t.Fatalf("first image not right after H2 Two:\n%s", out)
	}
	if !strings.Contains(out, `alt="Two &#34;quoted&#34; &lt;b&gt;"`) || !strings.Contains(out, `src="/api/files/images/img000000000001/a.jpg"`) {
		t.Fatalf("alt/src not escaped or missing:\n%s", out)
	}
	if strings.Index(out, `img000000000002`) < strings.Index(out, ">Three</h2>") {
		t.Fatalf("unknown slot should fall back to the last H2:\n%s", out)
	}
	again, err := writer.PlaceImages(out, figs)
	if err != nil || strings.Count(again, "data-igny8-image") != 2 {
		t.Fatalf("re-placing duplicated figures:\n%s", again)
	}
	// the placed figures survive a reparse unchanged
	re, _ := writer.Reparse(again)
	if strings.Count(re.HTML, `<figure data-igny8-image=`) != 2 || !strings.Contains(re.HTML, `loading="lazy"`) {
		t.Fatalf("reparse dropped figures:\n%s", re.HTML)
	}
}
