package ai

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// hints are what the dev provider reads from a prompt.
type hints struct {
	title    string
	keyword  string
	topic    string
	bullets  []string
	words    int
	count    int
	htmlBody string
}

var (
	reWords = regexp.MustCompile(`(?i)(\d{2,5})\s*(?:-|\s)?words`)
	reCount = regexp.MustCompile(`(?i)(?:count:\s*(\d{1,3}))|(?:\b(\d{1,3})\s+(?:ideas|clusters|titles|prompts|images|items|sections|questions))`)
	reLabel = regexp.MustCompile(`(?im)^\s*(title|keyword|primary keyword|topic|cluster)\s*:\s*(.+)$`)
)

func readHints(msgs []Message) hints {
	var h hints
	var user strings.Builder
	for _, m := range msgs {
		if m.Role == "user" {
			user.WriteString(m.Content)
			user.WriteString("\n")
		}
	}
	text := user.String()
	for _, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
			b := strings.TrimSpace(l[2:])
			if b != "" && len(b) < 200 {
				h.bullets = append(h.bullets, b)
			}
		}
	}
	for _, m := range reLabel.FindAllStringSubmatch(text, -1) {
		v := unquote(strings.TrimSpace(m[2]))
		switch strings.ToLower(m[1]) {
		case "title":
			if h.title == "" {
				h.title = v
			}
		case "keyword", "primary keyword":
			if h.keyword == "" {
				h.keyword = v
			}
		default:
			if h.topic == "" {
				h.topic = v
			}
		}
	}
	if m := reWords.FindStringSubmatch(text); m != nil {
		h.words, _ = strconv.Atoi(m[1])
	}
	if m := reCount.FindStringSubmatch(text); m != nil {
		n := m[1]
		if n == "" {
			n = m[2]
		}
		h.count, _ = strconv.Atoi(n)
	}
	if i, j := strings.Index(text, "<"), strings.LastIndex(text, ">"); i >= 0 && j > i {
		h.htmlBody = text[i : j+1]
	}
	switch {
	case h.topic != "":
	case h.title != "":
		h.topic = h.title
	case h.keyword != "":
		h.topic = h.keyword
	case len(h.bullets) > 0:
		h.topic = h.bullets[0]
	default:
		f := strings.Fields(text)
		h.topic = strings.Join(f[:min(6, len(f))], " ")
	}
	if h.keyword == "" {
		h.keyword = strings.ToLower(h.topic)
	}
	if h.title == "" {
		h.title = titleCase(h.topic)
	}
	return h
}

// unquote removes one pair of quotes around a whole value ("Coffee" →
// Coffee) and nothing else: a title that starts with a quoted phrase keeps
// its quotes ("Best" Coffee stays as it is).
func unquote(v string) string {
	if len(v) >= 2 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) && !strings.Contains(v[1:len(v)-1], `"`) {
		return v[1 : len(v)-1]
	}
	return v
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

func tokensOf(s string) int { return len(s)/4 + 1 }
