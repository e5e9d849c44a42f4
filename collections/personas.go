package collections

import "github.com/pocketbase/pocketbase/core"

// Personas describe who an article speaks to and how (audience, voice, tone,
// dos and don'ts); the writer injects the task's persona into its prompts.
// Editors manage them, like the tasks that use them.
const (
	Personas   = "personas"
	PersonasId = "pbc_igny8_personas"
)

// BuildPersonas is the schema of personas, applied by the writer's migration.
func BuildPersonas(c *core.Collection) {
	TenantScoped(c, false)
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 120},
		&core.TextField{Name: "audience", Max: 2000},
		&core.TextField{Name: "voice", Max: 2000},
		&core.TextField{Name: "tone", Max: 200},
		&core.JSONField{Name: "dos", MaxSize: 1 << 14, Help: "list of strings"},
		&core.JSONField{Name: "donts", MaxSize: 1 << 14, Help: "list of strings"},
		&core.BoolField{Name: "is_default", Help: "used for tasks without a persona"},
	)
	Timestamps(c)
	PipelineRules(c, false)
}
