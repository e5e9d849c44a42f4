package collections

import "github.com/pocketbase/pocketbase/core"

// Tasks are writing assignments: from an idea or by hand, they become contents.
const (
	Tasks   = "tasks"
	TasksId = "pbc_igny8_tasks"
)

// WordCountMax is the longest article igny8 writes: the ceiling of
// tasks.word_count_target and ideas.estimated_words, so a task cannot ask the
// writer (and the model) for an unbounded number of sections and tokens.
const WordCountMax = 10000

func buildTasks(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "idea", CollectionId: IdeasId, MaxSelect: 1},
		&core.RelationField{Name: "cluster", CollectionId: ClustersId, MaxSelect: 1},
		&core.TextField{Name: "title", Required: true, Max: 300},
		&core.TextField{Name: "brief", Max: TaskBriefMax},
		&core.JSONField{Name: "keywords", MaxSize: 1 << 16},
		&core.NumberField{Name: "word_count_target", Min: num(0), Max: num(WordCountMax), OnlyInt: true},
		&core.SelectField{Name: "content_type", MaxSelect: 1, Values: ContentTypes},
		&core.SelectField{Name: "structure", MaxSelect: 1, Values: Structures},
		&core.TextField{Name: "tone", Max: 120},
		&core.TextField{Name: "language", Max: 10},
		&core.TextField{Name: "persona", Max: 40, Help: "id of a Thinker persona"},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"queued", "in_progress", "done", "failed", "canceled"}},
		&core.TextField{Name: "error", Max: TaskErrorMax},
	)
	Timestamps(c)
	c.AddIndex("idx_tasks_idea", false, "idea", "")
	c.AddIndex("idx_tasks_site_status", false, "site, status", "")
	PipelineRules(c, true)
}
