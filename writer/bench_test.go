package writer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/writer"
)

// article2000 is a 2000-word article with 8 sections, a list and a script.
func article2000() string {
	var b strings.Builder
	b.WriteString("<h1>Title</h1><p>" + words(100, "intro") + "</p>")
	for s := 0; s < 8; s++ {
		fmt.Fprintf(&b, "<h2>Section %d</h2><p>%s</p><h3>Sub %d</h3><p onclick=\"x()\">%s</p><ul><li>%s</li></ul><script>alert(1)</script><p></p>",
			s, words(100, "a"), s, words(100, "b"), words(30, "c"))
	}
	return b.String()
}

func BenchmarkReparse(b *testing.B) {
	in := article2000()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := writer.Reparse(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProcessImage(b *testing.B) {
	in := testPNG(b, 1536, 1024, false)
	s := writer.ImageSettings{MaxWidth: 1024, Quality: 82}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := writer.ProcessImage(in, s); err != nil {
			b.Fatal(err)
		}
	}
}
