package writer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/igny8/igny8/ai"
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
	art.Usage.Add(u)
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
		art.Usage.Add(u)
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
		total.Add(u)
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
	u.Add(u2)
	if err == nil {
		return text + more, u, nil
	}
	if !errors.Is(err, ai.ErrTruncated) {
		return "", u, err
	}
	regen := req
	regen.MaxTokens = req.MaxTokens * 2
	text, u3, err := ai.Text(ctx, app, regen)
	u.Add(u3)
	if err != nil {
		return "", u, fmt.Errorf("reply cut off even when continued and regenerated: %w", err)
	}
	return text, u, nil
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
