package collections

import "github.com/pocketbase/pocketbase/core"

// Autopilots hold one site's automation policy (docs/AUTOMATION.md): pause,
// the owner's monthly credit budget, how many ideas become writer tasks per
// ideas window, auto-approve with its quality gates, and the posting cadence.
// steps is the autopilot's own record of each step's last outcome (what the
// chain-state route reports). Members read; only the autopilot routes write
// (they validate the cadence and gates and keep the budget owner-only).
const (
	Autopilots   = "autopilots"
	AutopilotsId = "pbc_igny8_autopilots"
)

// Autopilot limits.
const (
	// AutopilotTasksPerWindowMax caps autopilots.tasks_per_window.
	AutopilotTasksPerWindowMax = 100
)

func buildAutopilots(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.BoolField{Name: "paused", Help: "nothing automatic runs for the site while set"},
		&core.NumberField{Name: "monthly_budget", Min: num(0), OnlyInt: true, Help: "credits the autopilot may spend per calendar month (UTC); 0 = no budget of its own"},
		&core.NumberField{Name: "tasks_per_window", Min: num(0), Max: num(AutopilotTasksPerWindowMax), OnlyInt: true, Help: "ideas queued as writer tasks per ideas window; 0 = the default"},
		&core.BoolField{Name: "auto_approve", Help: "approve articles that pass every enabled gate"},
		&core.JSONField{Name: "gates", MaxSize: 1 << 16, Help: "quality gate settings (docs/AUTOMATION.md)"},
		&core.JSONField{Name: "cadence", MaxSize: 1 << 16, Help: "posting cadence: days, times, per-day cap, paused ranges"},
		&core.JSONField{Name: "steps", MaxSize: 1 << 16, Help: "the last outcome of each step, written by the autopilot"},
	)
	Timestamps(c)
	c.AddIndex("idx_autopilots_site_unique", true, "site", "")
	read := Ptr(MemberRule("tenant", RoleViewer))
	SetRules(c, read, read, nil, nil, nil)
}
