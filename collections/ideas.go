package collections

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Ideas are AI-proposed articles for a cluster, edited or turned into tasks by people.
const (
	Ideas   = "ideas"
	IdeasId = "pbc_igny8_ideas"
)

// ContentTypes are the WordPress object kinds igny8 writes.
var ContentTypes = []string{"post", "page", "product"}

// Structures are the article shapes the writer knows how to produce.
var Structures = []string{"guide", "listicle", "how-to", "comparison", "review", "pillar", "case-study", "news", "other"}

func buildIdeas(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "cluster", CollectionId: ClustersId, MaxSelect: 1},
		&core.TextField{Name: "title", Required: true, Max: IdeaTitleMax},
		&core.TextField{Name: "primary_keyword", Max: IdeaPrimaryKeywordMax},
		&core.JSONField{Name: "target_keywords", MaxSize: 1 << 16},
		&core.SelectField{Name: "content_type", MaxSelect: 1, Values: ContentTypes},
		&core.SelectField{Name: "structure", MaxSelect: 1, Values: Structures},
		&core.JSONField{Name: "outline", MaxSize: 1 << 18},
		&core.NumberField{Name: "estimated_words", Min: num(0), Max: num(WordCountMax), OnlyInt: true},
		&core.TextField{Name: "intent", Max: IdeaIntentMax},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"new", "approved", "rejected", "queued", "done"}},
		&core.TextField{Name: "model", Max: ModelMax},
	)
	Timestamps(c)
	c.AddIndex("idx_ideas_cluster", false, "cluster", "")
	c.AddIndex("idx_ideas_site_status", false, "site, status", "")
	PipelineRules(c, true)
}

// IdeaOutline is the shape of ideas.outline: the planner's ideas job writes
// it; the writer's brief, the autopilot's outline gate and the overlap check
// read it through OutlineOf, so they read the same field names.
type IdeaOutline struct {
	Description string        `json:"description"`
	Sections    []IdeaSection `json:"sections"`
}

// IdeaSection is one planned H2 with its H3s.
type IdeaSection struct {
	H2 string   `json:"h2"`
	H3 []string `json:"h3"`
}

// OutlineOf reads an idea's outline; a missing or malformed one is empty.
func OutlineOf(idea *core.Record) IdeaOutline {
	var o IdeaOutline
	if idea.UnmarshalJSONField("outline", &o) != nil {
		return IdeaOutline{}
	}
	return o
}

// Headings are the outline's H2s and H3s in order, blank ones left out.
func (o IdeaOutline) Headings() []string {
	var out []string
	for _, s := range o.Sections {
		for _, h := range append([]string{s.H2}, s.H3...) {
			if h = strings.TrimSpace(h); h != "" {
				out = append(out, h)
			}
		}
	}
	return out
}
