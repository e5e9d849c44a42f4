package writer

import (
	"fmt"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

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
