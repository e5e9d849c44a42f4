package writer_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/writer"
)

var (
	targetRe  = regexp.MustCompile(`Target length: (\d+) words`)
	sectionRe = regexp.MustCompile(`Write the section "([^"]+)"`)
	countRe   = regexp.MustCompile(`Count: (\d+)`)
)

// fakeModel answers the writer's prompts the way a well-behaved model would,
// with knobs to misbehave; tests install it with srv.Handle(m.answer).
type fakeModel struct {
	mu sync.Mutex
	// sections of the outline
	headings []string
	// lengthFactor scales the words a section reply has (1 = as asked)
	lengthFactor float64
	// sectionExtra is appended to every section's HTML
	sectionExtra string
	metaTitle    string
	metaDesc     string
	faq          []string
	// truncate cuts the next section replies in half (finish_reason length)
	truncate int
	// seen records prompts: kind -> count
	seen map[string]int
	// systems holds the system messages of section calls
	systems []string
}

func newFakeModel() *fakeModel {
	return &fakeModel{headings: []string{"Choosing Beans", "Grinding Right", "Brewing Methods", "Storing Coffee"}, lengthFactor: 1,
		metaTitle: "Coffee at Home: A Practical Guide", metaDesc: "Learn how to brew better coffee at home with simple steps for beans, grinding and brewing.",
		faq: []string{}, seen: map[string]int{}}
}

func words(n int, seed string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s%d", seed, i)
	}
	return b.String()
}

// SectionHTML is a section of about n words in paragraphs of 40 words.
func SectionHTML(heading string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<h2>%s</h2>", heading)
	for n > 0 {
		k := min(n, 40)
		fmt.Fprintf(&b, "<p>%s</p>", words(k, "w"))
		n -= k
	}
	return b.String()
}

func (m *fakeModel) count(kind string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seen[kind]
}

func (m *fakeModel) answer(c aitest.Call) aitest.Reply {
	m.mu.Lock()
	defer m.mu.Unlock()
	if strings.HasSuffix(c.Path, "/images/generations") || strings.Contains(c.Path, "runware") {
		m.seen["image"]++
		return aitest.Reply{Image: aitest.PNG(2400, 1600)}
	}
	user := ""
	system := ""
	for _, msg := range c.Messages {
		switch msg.Role {
		case "user":
			if user == "" {
				user = msg.Content
			}
		case "system":
			system = msg.Content
		}
	}
	switch {
	case strings.Contains(user, "Write a detailed outline"):
		m.seen["outline"]++
		var secs []map[string]any
		for _, h := range m.headings {
			secs = append(secs, map[string]any{"heading": h, "subheadings": []string{}, "points": []string{"a point"}, "words": 0})
		}
		return aitest.JSON(map[string]any{"title": "Coffee at Home", "sections": secs, "faq": m.faq})
	case strings.Contains(user, "Write the SEO metadata"):
		m.seen["meta"]++
		return aitest.JSON(writer.Meta{MetaTitle: m.metaTitle, MetaDescription: m.metaDesc, Slug: "coffee-at-home", Excerpt: "x"})
	case strings.Contains(user, "image prompts"):
		m.seen["image_prompts"]++
		n, _ := strconv.Atoi(countRe.FindStringSubmatch(user)[1])
		var items []writer.ImagePrompt
		for i := 0; i < n; i++ {
			items = append(items, writer.ImagePrompt{Prompt: fmt.Sprintf("A photo %d of coffee", i), Alt: fmt.Sprintf("Coffee photo %d", i), Section: i + 1})
		}
		return aitest.JSON(writer.ImagePlan{Images: items})
	case sectionRe.MatchString(user):
		m.seen["section"]++
		m.systems = append(m.systems, system)
		h := sectionRe.FindStringSubmatch(user)[1]
		n, _ := strconv.Atoi(targetRe.FindStringSubmatch(user)[1])
		full := SectionHTML(h, int(float64(n)*m.lengthFactor)) + m.sectionExtra
		if m.truncate > 0 {
			m.truncate--
			m.seen["truncated"]++
			return aitest.Truncated(full[:len(full)/2])
		}
		for _, msg := range c.Messages {
			if msg.Role == "assistant" && strings.HasPrefix(full, msg.Content) {
				m.seen["continued"]++
				return aitest.Text(full[len(msg.Content):])
			}
		}
		return aitest.Text(full)
	}
	m.seen["other"]++
	return aitest.Text("ok")
}
