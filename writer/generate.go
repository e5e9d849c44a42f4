package writer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Length limits the generated metadata must respect.
const (
	MetaTitleMax       = 60
	MetaDescriptionMax = 160
	// SlugMax keeps generated slugs short enough for a readable URL (the
	// field itself takes collections.ContentSlugMax).
	SlugMax = 80
	// WordTolerance is how far an article may land from its target (±15 %).
	WordTolerance = 0.15
	// DefaultWords is the target of a task without word_count_target.
	DefaultWords = 1200
)

// Outline is the plan the model returns before any prose is written.
type Outline struct {
	Title    string           `json:"title" jsonschema:"description=the article title (under 70 characters)"`
	Sections []OutlineSection `json:"sections" jsonschema:"description=the H2 sections in order (4-8); no introduction section"`
	FAQ      []string         `json:"faq" jsonschema:"description=questions for an FAQ section (0-5); empty when the article needs none"`
}

// OutlineSection is one H2 of the outline.
type OutlineSection struct {
	Heading     string   `json:"heading"`
	Subheadings []string `json:"subheadings"`
	Points      []string `json:"points"`
	Words       int      `json:"words"`
}

// Meta is the SEO metadata the model returns after the article is written.
type Meta struct {
	MetaTitle       string `json:"meta_title"`
	MetaDescription string `json:"meta_description"`
	Slug            string `json:"slug"`
	Excerpt         string `json:"excerpt"`
}

// Article is a generated article before it is stored.
type Article struct {
	Title           string
	Slug            string
	MetaTitle       string
	MetaDescription string
	Parsed          Parsed
	Target          int
	Usage           ai.Usage
	// Warnings note what the writer had to fix (meta trimmed, length still off).
	Warnings []string
}

// brief is what the writer knows about a task, with persona and strategies resolved.
type brief struct {
	tenant, site, siteName string
	task                   *core.Record
	title, keyword         string
	keywords               []string
	words                  int
	tone, language         string
	persona                *core.Record
	strategies             []*core.Record
	alwaysFAQ              bool
	alwaysConclusion       bool
}

func loadBrief(app core.App, task *core.Record) (*brief, error) {
	b := &brief{tenant: task.GetString("tenant"), site: task.GetString("site"), task: task,
		title: strings.TrimSpace(task.GetString("title")), tone: task.GetString("tone"), language: task.GetString("language"),
		words: task.GetInt("word_count_target"), alwaysConclusion: true}
	if b.words <= 0 {
		b.words = DefaultWords
	}
	b.words = min(b.words, collections.WordCountMax) // a row stored before the schema's ceiling
	if site, err := app.FindRecordById(collections.Sites, b.site); err == nil {
		b.siteName = site.GetString("name")
	}
	b.keywords = collections.TaskKeywords(task)
	b.keyword = b.title
	if len(b.keywords) > 0 && b.keywords[0] != "" {
		b.keyword = b.keywords[0]
	}
	// the persona must belong to the task's workspace: persona is a plain id
	if id := task.GetString("persona"); id != "" {
		b.persona, _ = app.FindFirstRecordByFilter(collections.Personas, "id = {:id} && tenant = {:t}", dbx.Params{"id": id, "t": b.tenant})
	}
	if b.persona == nil {
		b.persona, _ = app.FindFirstRecordByFilter(collections.Personas, "tenant = {:t} && is_default = true", dbx.Params{"t": b.tenant})
	}
	strategies, err := app.FindRecordsByFilter(collections.Strategies, "tenant = {:t} && active = true && (site = '' || site = {:s})",
		"created", 20, 0, dbx.Params{"t": b.tenant, "s": b.site})
	if err != nil {
		return nil, fmt.Errorf("load strategies: %w", err)
	}
	b.strategies = strategies
	for _, s := range strategies {
		b.alwaysFAQ = b.alwaysFAQ || s.GetBool("always_faq")
	}
	return b, nil
}

// Guidance renders a persona and strategies as the block the writer appends to
// every system prompt, so overrides of the prompt templates keep them.
func Guidance(persona *core.Record, strategies []*core.Record) string {
	var b strings.Builder
	if persona != nil {
		b.WriteString("Persona for this article: " + persona.GetString("name") + ".\n")
		line := func(label, v string) {
			if v = strings.TrimSpace(v); v != "" {
				b.WriteString(label + ": " + v + "\n")
			}
		}
		line("Audience", persona.GetString("audience"))
		line("Voice", persona.GetString("voice"))
		line("Tone", persona.GetString("tone"))
		list := func(label, field string) {
			var items []string
			_ = persona.UnmarshalJSONField(field, &items)
			if len(items) > 0 {
				b.WriteString(label + ":\n- " + strings.Join(items, "\n- ") + "\n")
			}
		}
		list("Do", "dos")
		list("Don't", "donts")
	}
	for _, s := range strategies {
		b.WriteString("Content strategy \"" + s.GetString("name") + "\":\n")
		if r := strings.TrimSpace(s.GetString("rules")); r != "" {
			b.WriteString(r + "\n")
		}
		var never []string
		_ = s.UnmarshalJSONField("never_mention", &never)
		if len(never) > 0 {
			b.WriteString("Never mention: " + strings.Join(never, ", ") + ".\n")
		}
		if s.GetBool("always_faq") {
			b.WriteString("Always include an FAQ section.\n")
		}
	}
	return strings.TrimSpace(b.String())
}

func (b *brief) guidance() string { return Guidance(b.persona, b.strategies) }

func (b *brief) audience() string {
	if b.persona != nil {
		return b.persona.GetString("audience")
	}
	return ""
}

func (b *brief) toneOrPersona() string {
	if b.tone == "" && b.persona != nil {
		return b.persona.GetString("tone")
	}
	return b.tone
}

// messages renders promptType for the brief and appends the guidance (and the
// language) to the system message.
func (b *brief) messages(app core.App, promptType string, vars map[string]any) ([]ai.Message, error) {
	sys, user, err := ai.RenderPrompt(app, b.tenant, promptType, vars)
	if err != nil {
		return nil, err
	}
	extra := b.guidance()
	if b.language != "" && !strings.EqualFold(b.language, "en") {
		extra = strings.TrimSpace(extra + "\nWrite in the language with code " + b.language + ".")
	}
	if extra != "" {
		sys = strings.TrimSpace(sys + "\n\n" + extra)
	}
	var msgs []ai.Message
	if sys != "" {
		msgs = append(msgs, ai.Message{Role: "system", Content: sys})
	}
	return append(msgs, ai.Message{Role: "user", Content: user}), nil
}

func (b *brief) baseVars() map[string]any {
	return map[string]any{"Title": b.title, "Keyword": b.keyword, "Keywords": b.keywords, "Words": b.words,
		"Tone": b.toneOrPersona(), "Audience": b.audience(), "Site": b.siteName}
}

// Write generates the article of task: outline first (JSON), then the
// introduction, each section, an optional FAQ and the conclusion one reply at a
// time, then the metadata; a cut-off reply is continued or regenerated, never
// kept. The length is brought within ±15 % of the target by regenerating the
// shortest section longer or trimming paragraphs.
func Write(ctx context.Context, app core.App, task *core.Record) (*Article, error) {
	return WriteWithProgress(ctx, app, task, nil)
}

// Progress receives how far an article is, in percent: the outline, each
// part (introduction, sections, FAQ, conclusion) and the metadata move it.
type Progress func(pct int)

// Share of the progress bar the outline and the parts take; the metadata and
// storing the article fill the rest.
const (
	progressOutline = 5
	progressParts   = 90
)

// WriteWithProgress is Write that reports progress (nil reports nothing).
func WriteWithProgress(ctx context.Context, app core.App, task *core.Record, progress Progress) (*Article, error) {
	if progress == nil {
		progress = func(int) {}
	}
	b, err := loadBrief(app, task)
	if err != nil {
		return nil, err
	}
	art := &Article{Target: b.words}
	var o Outline
	msgs, err := b.messages(app, ai.PromptContentOutline, b.baseVars())
	if err != nil {
		return nil, err
	}
	u, err := jsonPart(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: b.tenant, Messages: msgs}, &o)
	art.Usage = addUsage(art.Usage, u)
	if err != nil {
		return nil, fmt.Errorf("outline: %w", err)
	}
	progress(progressOutline)
	o = normaliseOutline(o, b)
	art.Title = firstNonEmpty(b.title, o.Title)

	headings := make([]string, len(o.Sections))
	for i, s := range o.Sections {
		headings[i] = s.Heading
	}
	shares := wordShares(o, b.words)
	section := func(heading string, subs []string, words int) (string, error) {
		vars := b.baseVars()
		vars["Title"] = art.Title
		vars["Heading"], vars["Subheadings"], vars["Outline"], vars["Words"] = heading, subs, headings, words
		msgs, err := b.messages(app, ai.PromptContentSection, vars)
		if err != nil {
			return "", err
		}
		text, u, err := complete(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: b.tenant, Messages: msgs, MaxTokens: tokensFor(words)})
		art.Usage = addUsage(art.Usage, u)
		if err != nil {
			return "", fmt.Errorf("section %q: %w", heading, err)
		}
		return normaliseSection(text, heading)
	}

	parts := make([]string, 0, len(o.Sections)+3)
	planned := 1 + len(o.Sections) + btoi(len(o.FAQ) > 0) + btoi(shares.conclusion > 0)
	done := func() {
		progress(progressOutline + (progressParts-progressOutline)*len(parts)/planned)
	}
	intro, err := section("Introduction", nil, shares.intro)
	if err != nil {
		return nil, err
	}
	parts = append(parts, stripFirstH2(intro))
	done()
	asked := []int{shares.intro}
	for i, s := range o.Sections {
		asked = append(asked, shares.sections[i])
		h, err := section(s.Heading, s.Subheadings, shares.sections[i])
		if err != nil {
			return nil, err
		}
		parts = append(parts, h)
		done()
	}
	if len(o.FAQ) > 0 {
		h, err := section("Frequently Asked Questions", o.FAQ, shares.faq)
		if err != nil {
			return nil, err
		}
		parts = append(parts, h)
		done()
	}
	if shares.conclusion > 0 {
		h, err := section("Conclusion", nil, shares.conclusion)
		if err != nil {
			return nil, err
		}
		parts = append(parts, h)
		done()
	}

	// bring the length within the tolerance
	lo, hi := int(math.Ceil(float64(b.words)*(1-WordTolerance))), int(float64(b.words)*(1+WordTolerance))
	for round := 0; round < 3; round++ {
		total := countParts(parts)
		if total >= lo {
			break
		}
		// regenerate the shortest body section with the words still missing added to it
		// the model's own under-delivery ratio scales the ask
		i := shortestBody(parts, len(o.Sections))
		s := o.Sections[i-1]
		have := wordsIn(parts[i])
		ratio := min(1, max(0.3, float64(have)/float64(max(1, asked[i]))))
		want := int(float64(have+b.words-total) / ratio)
		asked[i] = want
		h, err := section(s.Heading, s.Subheadings, want)
		if err != nil {
			return nil, err
		}
		if wordsIn(h) > wordsIn(parts[i]) {
			parts[i] = h
		}
	}
	parts = trimParts(parts, lo, hi)
	if total := countParts(parts); total < lo || total > hi {
		art.Warnings = append(art.Warnings, fmt.Sprintf("length %d words is outside %d-%d after adjusting", total, lo, hi))
	}

	p, err := Reparse(strings.Join(parts, "\n"))
	if err != nil {
		return nil, err
	}
	art.Parsed = p
	if err := writeMeta(ctx, app, b, art); err != nil {
		return nil, err
	}
	progress(progressParts + 5)
	return art, nil
}

// jsonTries is how many times one JSON part (the outline, the metadata) is
// asked for when the reply is cut off, each time with twice the output budget.
const jsonTries = 3

// jsonPart asks for one JSON part of the article and, when the reply is cut
// off (at the token limit, or JSON that stops before its end), asks again for
// that part alone with twice the budget: the parts already written are kept,
// only the failed one is redone.
func jsonPart(ctx context.Context, app core.App, req ai.Request, out any) (ai.Usage, error) {
	var total ai.Usage
	budget := req.MaxTokens
	if budget <= 0 {
		budget = 4096
	}
	for try := 1; ; try++ {
		req.MaxTokens = budget
		u, err := ai.JSON(ctx, app, req, out)
		total = addUsage(total, u)
		if err == nil || !errors.Is(err, ai.ErrTruncated) {
			return total, err
		}
		if try == jsonTries {
			return total, fmt.Errorf("the reply was cut off %d times, the last with a budget of %d tokens: %w", try, budget, err)
		}
		budget *= 2
	}
}

// complete asks for text and never returns a cut-off reply: it first asks the
// model to continue from where it stopped, then regenerates with twice the
// token budget; if that is cut off too the call fails (and the job retries).
func complete(ctx context.Context, app core.App, req ai.Request) (string, ai.Usage, error) {
	text, u, err := ai.Text(ctx, app, req)
	if !errors.Is(err, ai.ErrTruncated) {
		return text, u, err
	}
	cont := req
	cont.Messages = append(append([]ai.Message(nil), req.Messages...),
		ai.Message{Role: "assistant", Content: text},
		ai.Message{Role: "user", Content: "You were cut off. Continue exactly where you stopped, without repeating anything, and finish the section."})
	more, u2, err := ai.Text(ctx, app, cont)
	u = addUsage(u, u2)
	if err == nil {
		return text + more, u, nil
	}
	if !errors.Is(err, ai.ErrTruncated) {
		return "", u, err
	}
	regen := req
	regen.MaxTokens = req.MaxTokens * 2
	text, u3, err := ai.Text(ctx, app, regen)
	u = addUsage(u, u3)
	if err != nil {
		return "", u, fmt.Errorf("reply cut off even when continued and regenerated: %w", err)
	}
	return text, u, nil
}

func addUsage(a, b ai.Usage) ai.Usage {
	if b.Model != "" {
		a.Model, a.Provider = b.Model, b.Provider
	}
	a.TokensIn += b.TokensIn
	a.TokensOut += b.TokensOut
	a.Images += b.Images
	a.CostUSD += b.CostUSD
	a.Calls += b.Calls
	a.Fallbacks = append(a.Fallbacks, b.Fallbacks...)
	return a
}

// tokensFor sizes a section's reply: about 1.4 tokens a word plus HTML, doubled for headroom.
func tokensFor(words int) int { return max(600, words*3) }

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func isClosing(h string) bool {
	l := strings.ToLower(h)
	for _, w := range []string{"conclusion", "summary", "final thoughts", "takeaway", "wrapping up"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// normaliseOutline drops empty or duplicate sections, the model's own
// introduction/FAQ/conclusion (the writer adds those), and falls back to a
// generic plan when the model gave none.
func normaliseOutline(o Outline, b *brief) Outline {
	seen := map[string]bool{}
	var out []OutlineSection
	for _, s := range o.Sections {
		s.Heading = strings.Join(strings.Fields(s.Heading), " ")
		l := strings.ToLower(s.Heading)
		if s.Heading == "" || seen[l] || strings.HasPrefix(l, "introduction") || isClosing(l) ||
			strings.Contains(l, "frequently asked") || l == "faq" || l == "faqs" {
			continue
		}
		seen[l] = true
		out = append(out, s)
	}
	if len(out) > 10 {
		out = out[:10]
	}
	if len(out) == 0 {
		for _, h := range []string{"What %s is", "Why %s matters", "How to get started with %s", "Common mistakes with %s"} {
			out = append(out, OutlineSection{Heading: fmt.Sprintf(h, b.keyword)})
		}
	}
	o.Sections = out
	var faq []string
	for _, q := range o.FAQ {
		if q = strings.TrimSpace(q); q != "" && len(faq) < 5 {
			faq = append(faq, q)
		}
	}
	if len(faq) == 0 && b.alwaysFAQ {
		faq = []string{"What is " + b.keyword + "?", "How do I get started with " + b.keyword + "?", "What are common mistakes with " + b.keyword + "?"}
	}
	o.FAQ = faq
	return o
}

type shares struct {
	intro, faq, conclusion int
	sections               []int
}

// wordShares splits the target: about 10 % intro, 8 % conclusion, 12 % FAQ
// when there is one, the rest over the sections in proportion to the words the
// outline asked for (equal when it gave none).
func wordShares(o Outline, total int) shares {
	s := shares{intro: max(60, total/10), conclusion: max(60, total*8/100)}
	if len(o.FAQ) > 0 {
		s.faq = max(80, total*12/100)
	}
	body := max(100*len(o.Sections), total-s.intro-s.conclusion-s.faq)
	sum := 0
	for _, sec := range o.Sections {
		sum += max(sec.Words, 0)
	}
	s.sections = make([]int, len(o.Sections))
	for i, sec := range o.Sections {
		if sum > 0 && sec.Words > 0 {
			s.sections[i] = max(80, body*sec.Words/sum)
		} else {
			s.sections[i] = max(80, body/len(o.Sections))
		}
	}
	return s
}

// normaliseSection makes a reply one clean section: code fences, chat
// preambles and sign-offs (ai.CleanText) and H1s gone, exactly one leading H2
// with the planned heading, any further H2 demoted to H3.
func normaliseSection(text, heading string) (string, error) {
	text = ai.CleanText(text)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + text + "</body></html>"))
	if err != nil {
		return "", fmt.Errorf("parse section html: %w", err)
	}
	body := doc.Find("body")
	body.Find("h1").Remove()
	first := body.Children().First()
	if first.Is("h2") {
		first.Remove()
	}
	body.Find("h2").Each(func(_ int, s *goquery.Selection) {
		s.Nodes[0].Data = "h3"
		s.Nodes[0].DataAtom = headingAtoms["h3"]
	})
	inner, err := body.Html()
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(body.Text()) == "" {
		return "", fmt.Errorf("section %q came back empty", heading)
	}
	return "<h2>" + escapeText(heading) + "</h2>\n" + strings.TrimSpace(inner), nil
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func stripFirstH2(section string) string {
	if i := strings.Index(section, "</h2>"); strings.HasPrefix(section, "<h2>") && i >= 0 {
		return strings.TrimSpace(section[i+len("</h2>"):])
	}
	return section
}

func wordsIn(fragment string) int {
	p, err := Reparse(fragment)
	if err != nil {
		return 0
	}
	return p.WordCount
}

func countParts(parts []string) int {
	n := 0
	for _, p := range parts {
		n += wordsIn(p)
	}
	return n
}

// shortestBody returns the index in parts of the shortest body section
// (parts[0] is the introduction, body sections follow).
func shortestBody(parts []string, n int) int {
	best, bestWords := 1, math.MaxInt
	for i := 1; i <= n && i < len(parts); i++ {
		if w := wordsIn(parts[i]); w < bestWords {
			best, bestWords = i, w
		}
	}
	return best
}

// trimParts removes trailing paragraphs (never a section's first paragraph),
// then whole trailing H3 subsections, from the longest parts until the total
// is at most limit, never going below lo.
func trimParts(parts []string, lo, limit int) []string {
	for range 500 {
		total := countParts(parts)
		if total <= limit {
			return parts
		}
		longest, lw := -1, 0
		var cut *goquery.Selection
		var cutDoc *goquery.Document
		for i, p := range parts {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + p + "</body></html>"))
			if err != nil {
				continue
			}
			sel := removableIn(doc.Find("body"))
			if sel == nil {
				continue
			}
			if w := wordsIn(p); w > lw {
				longest, lw, cut, cutDoc = i, w, sel, doc
			}
		}
		if longest < 0 {
			return parts
		}
		removed := 0
		cut.Each(func(_ int, s *goquery.Selection) {
			h, _ := goquery.OuterHtml(s)
			removed += wordsIn(h)
		})
		if total-removed < lo {
			return parts
		}
		cut.Remove()
		h, _ := cutDoc.Find("body").Html()
		parts[longest] = strings.TrimSpace(h)
	}
	return parts
}

// removableIn is what trimming may drop next: the last paragraph or list that
// does not directly follow a heading, else the last H3 with its content
// (when something else remains in the section).
func removableIn(body *goquery.Selection) *goquery.Selection {
	ps := body.Children().Filter("p, ul, ol")
	for i := ps.Length() - 1; i >= 0; i-- {
		p := ps.Eq(i)
		prev := p.Prev()
		if prev.Length() == 0 || prev.Is("h2, h3, h4") {
			continue
		}
		return p
	}
	h3 := body.Children().Filter("h3").Last()
	if h3.Length() == 0 || h3.PrevAll().Filter("p, ul, ol").Length() == 0 {
		return nil
	}
	return h3.AddSelection(h3.NextUntil("h2, h3"))
}

// writeMeta asks for the metadata, asks once more when a length limit is
// exceeded, and then trims at a word boundary.
func writeMeta(ctx context.Context, app core.App, b *brief, art *Article) error {
	vars := b.baseVars()
	vars["Title"] = art.Title
	vars["Excerpt"] = excerpt(art.Parsed.HTML, 60)
	msgs, err := b.messages(app, ai.PromptMeta, vars)
	if err != nil {
		return err
	}
	var m Meta
	req := ai.Request{Task: ai.TaskContent, Tenant: b.tenant, Messages: msgs}
	u, err := jsonPart(ctx, app, req, &m)
	art.Usage = addUsage(art.Usage, u)
	if err != nil {
		return fmt.Errorf("meta: %w", err)
	}
	if n, d := len([]rune(m.MetaTitle)), len([]rune(m.MetaDescription)); n > MetaTitleMax || d > MetaDescriptionMax {
		req.Messages = append(append([]ai.Message(nil), msgs...), ai.Message{Role: "user", Content: fmt.Sprintf(
			"Your meta title has %d characters and your meta description %d. Keep the meta title at most %d and the meta description at most %d characters.",
			n, d, MetaTitleMax, MetaDescriptionMax)})
		var again Meta
		u, err := jsonPart(ctx, app, req, &again)
		art.Usage = addUsage(art.Usage, u)
		if err == nil {
			m = again
		}
	}
	if len([]rune(m.MetaTitle)) > MetaTitleMax || len([]rune(m.MetaDescription)) > MetaDescriptionMax {
		art.Warnings = append(art.Warnings, "meta trimmed to the length limits")
	}
	art.MetaTitle = TrimWords(firstNonEmpty(m.MetaTitle, art.Title), min(MetaTitleMax, collections.ContentMetaTitleMax))
	art.MetaDescription = TrimWords(firstNonEmpty(m.MetaDescription, excerpt(art.Parsed.HTML, 25)), min(MetaDescriptionMax, collections.ContentMetaDescriptionMax))
	art.Slug = Slugify(firstNonEmpty(m.Slug, art.Title), SlugMax)
	if art.Slug == "" {
		art.Slug = Slugify(art.Title, SlugMax)
	}
	return nil
}

// TrimWords collapses s to one line and cuts it to at most limit characters
// at a word boundary (collections.Truncate).
func TrimWords(s string, limit int) string {
	return collections.Truncate(strings.Join(strings.Fields(s), " "), limit)
}

func excerpt(html string, words int) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		return ""
	}
	var f []string
	doc.Find("p").EachWithBreak(func(_ int, p *goquery.Selection) bool {
		f = append(f, strings.Fields(p.Text())...)
		return len(f) < words
	})
	if len(f) > words {
		f = f[:words]
	}
	return strings.Join(f, " ")
}
