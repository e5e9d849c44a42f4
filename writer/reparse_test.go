package writer_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/writer"
)

func TestReparse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		in        string
		want, not []string
		words     int
		slots     int
		headings  []string
	}{
		{
			name:  "script, event handler and javascript link removed",
			in:    `<h2>Safe</h2><p>Hello <a href="javascript:alert(1)">click</a> <img src="x.png" onerror="alert(2)"></p><script>alert(3)</script><p onclick="x()">world</p><a href="JaVaScRiPt:alert(4)">y</a><iframe src="https://evil"></iframe><style>p{}</style>`,
			want:  []string{`<p>Hello click <img src="x.png"/></p>`, `<p>world</p>`},
			not:   []string{"script", "alert", "onerror", "onclick", "javascript", "iframe", "style"},
			words: 5, slots: 1, headings: []string{"h2 Safe"},
		},
		{
			name:     "h1 demoted and h3 before any h2 lifted",
			in:       `<h3>Early</h3><h1>Title</h1><p>a</p><h2>Real</h2><h4>Deep</h4><h3>Sub</h3><h5>Deeper</h5>`,
			headings: []string{"h2 Early", "h2 Title", "h2 Real", "h3 Deep", "h3 Sub", "h4 Deeper"},
			not:      []string{"<h1", "<h5"},
			slots:    3, words: 7,
		},
		{
			name:  "empty elements dropped, images and table cells kept",
			in:    `<p></p><p> &nbsp; </p><h2>  </h2><ul><li></li></ul><div><p><strong></strong></p></div><p><br></p><figure data-igny8-image="abcdefghij12345"><img src="/api/files/images/abcdefghij12345/a.jpg" alt="A"></figure><table><tr><td></td><td>x</td></tr></table>`,
			want:  []string{`<figure data-igny8-image="abcdefghij12345"><img src="/api/files/images/abcdefghij12345/a.jpg" alt="A"/></figure>`, `<td></td><td>x</td>`},
			not:   []string{"<p></p>", "<ul>", "<h2", "<strong>", "<br"},
			words: 1,
		},
		{
			name:  "slots and anchors are numbered and unique",
			in:    `<h2>Why it matters</h2><p>one two</p><h2>Why it matters</h2><p>three</p>`,
			want:  []string{`<h2 id="why-it-matters" data-igny8-slot="1">`, `<h2 id="why-it-matters-2" data-igny8-slot="2">`},
			words: 9, slots: 2,
		},
		{
			name:  "forged igny8 attributes are dropped",
			in:    `<figure data-igny8-image="../../etc"><img src="a.png" alt=""></figure><h2 data-igny8-slot="x" id="bad id">H</h2><p style="color:red" class="x">t</p>`,
			want:  []string{`<figure><img src="a.png" alt=""/></figure>`, `<p>t</p>`},
			not:   []string{"../../etc", "bad id", "style", "class"},
			words: 2, slots: 1,
		},
		{
			name:  "data and vbscript urls removed",
			in:    `<p><a href="data:text/html,<script>alert(1)</script>">d</a> <a href="vbscript:x">v</a> <a href="https://example.com/x">ok</a></p>`,
			want:  []string{`<a href="https://example.com/x"`},
			not:   []string{"data:", "vbscript"},
			words: 3,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := writer.Reparse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(p.HTML, w) {
					t.Errorf("missing %q in\n%s", w, p.HTML)
				}
			}
			for _, n := range c.not {
				if strings.Contains(strings.ToLower(p.HTML), strings.ToLower(n)) {
					t.Errorf("unexpected %q in\n%s", n, p.HTML)
				}
			}
			if p.WordCount != c.words {
				t.Errorf("words: want %d, got %d (%s)", c.words, p.WordCount, p.HTML)
			}
			if len(p.Slots) != c.slots {
				t.Errorf("slots: want %d, got %d", c.slots, len(p.Slots))
			}
			if c.headings != nil && strings.Join(p.Headings, "|") != strings.Join(c.headings, "|") {
				t.Errorf("headings: want %v, got %v", c.headings, p.Headings)
			}
			again, err := writer.Reparse(p.HTML)
			if err != nil || again.HTML != p.HTML {
				t.Errorf("not idempotent:\n%s\n%s", p.HTML, again.HTML)
			}
		})
	}
}

func TestReadingMinutes(t *testing.T) {
	t.Parallel()
	for words, want := range map[int]int{0: 0, 1: 1, 200: 1, 201: 2, 1500: 8} {
		if got := writer.ReadingMinutes(words); got != want {
			t.Errorf("%d words: want %d, got %d", words, want, got)
		}
	}
}

// TestSanitizeLeavesLinksFollowed: links keep their href and nothing more —
// no rel="nofollow" (bluemonday's AllowStandardURLs turns it on for every
// link; the Linker's internal links went to WordPress as nofollow, which
// tells search engines to ignore them).
func TestSanitizeLeavesLinksFollowed(t *testing.T) {
	t.Parallel()
	in := `<p>Read our <a href="https://blog.example.com/cold-brew/" data-igny8-link="abcdefghijklmno">cold brew guide</a> and <a href="/about/">about</a>.</p>`
	if got := writer.Sanitize(in); got != in {
		t.Fatalf("Sanitize changed the links:\n got %s\nwant %s", got, in)
	}
	p, err := writer.Reparse(in)
	if err != nil || strings.Contains(p.HTML, "rel=") || !strings.Contains(p.HTML, `href="https://blog.example.com/cold-brew/"`) || !strings.Contains(p.HTML, `data-igny8-link="abcdefghijklmno"`) {
		t.Fatalf("Reparse: %v %s", err, p.HTML)
	}
}
