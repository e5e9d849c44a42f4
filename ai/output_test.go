package ai_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
)

// corpus reads one sentence a line from testdata/wrappers (# lines are comments).
func corpus(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "wrappers", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil || len(out) < 10 {
		t.Fatalf("%s: %d lines, %v", name, len(out), err)
	}
	return out
}

const body = "<h2>Grinding Right</h2>\n<p>Grind just before you brew. A burr grinder gives even particles.</p>"

func TestCleanTextStripsWrappers(t *testing.T) {
	t.Parallel()
	for _, lead := range corpus(t, "lead.txt") {
		for _, reply := range []string{
			lead + "\n" + body,
			lead + "\n\n" + body,
			lead + " " + body,
			"<p>" + lead + "</p>\n" + body,
			lead + "\n```html\n" + body + "\n```",
		} {
			if got := ai.CleanText(reply); got != body {
				t.Errorf("opening kept:\n%q\n→ %q", reply, got)
			}
		}
	}
	for _, tail := range corpus(t, "tail.txt") {
		for _, reply := range []string{
			body + "\n" + tail,
			body + "\n\n" + tail,
			body + "<p>" + tail + "</p>",
			body + "\n<p>" + tail + "</p>",
			"```html\n" + body + "\n```\n" + tail,
		} {
			if got := ai.CleanText(reply); got != body {
				t.Errorf("closing kept:\n%q\n→ %q", reply, got)
			}
		}
	}
	// both at once, and two wrapper paragraphs at each end
	leads, tails := corpus(t, "lead.txt"), corpus(t, "tail.txt")
	for i := range leads {
		reply := "<p>" + leads[i] + "</p><p>" + leads[(i+1)%len(leads)] + "</p>" + body + "<p>" + tails[i%len(tails)] + "</p><p>" + tails[(i+3)%len(tails)] + "</p>"
		if got := ai.CleanText(reply); got != body {
			t.Errorf("wrappers kept:\n%q\n→ %q", reply, got)
		}
	}
}

func TestCleanTextKeepsArticleSentences(t *testing.T) {
	t.Parallel()
	for _, keep := range corpus(t, "keep_lead.txt") {
		for _, reply := range []string{
			"<p>" + keep + "</p>\n" + body,
			keep + "\n" + body,
		} {
			if got := ai.CleanText(reply); got != reply {
				t.Errorf("opening removed:\n%q\n→ %q", reply, got)
			}
		}
	}
	for _, keep := range corpus(t, "keep_tail.txt") {
		for _, reply := range []string{
			body + "\n<p>" + keep + "</p>",
			body + "\n" + keep,
		} {
			if got := ai.CleanText(reply); got != reply {
				t.Errorf("closing removed:\n%q\n→ %q", reply, got)
			}
		}
	}
	// an article that opens with a wrapper-looking phrase followed by content in the same paragraph
	for _, reply := range []string{
		"<p>Sure! Here is the text you asked for: grind fresh, weigh your dose and time the shot.</p>" + body,
		"<p>Let me know if you would like any changes, my editor said, and I rewrote the whole thing.</p>",
		"Plain text that ends without any sign-off.",
		"",
	} {
		if got := ai.CleanText(reply); got != reply {
			t.Errorf("content removed:\n%q\n→ %q", reply, got)
		}
	}
}

// A reply that opens JSON and stops before closing it was cut off: no value
// nested inside it is taken for the answer.
func TestExtractJSONCutOff(t *testing.T) {
	t.Parallel()
	for _, reply := range []string{
		`{"title":"Coffee","sections":[{"heading":"Beans","subheadings":[],"points":["fre`,
		"```json\n{\"ideas\":[{\"title\":\"x\"}",
		`[{"a":1},{"b":`,
	} {
		if got, err := ai.ExtractJSON(reply); !errors.Is(err, ai.ErrCutOff) {
			t.Errorf("ExtractJSON(%q) = %q, %v; want ErrCutOff", reply, got, err)
		}
	}
	if got, err := ai.ExtractJSON(`Here: {"a":[1]} and {"b":`); err != nil || got != `{"a":[1]}` {
		t.Errorf("prose with a complete value first: %q %v", got, err)
	}
}
