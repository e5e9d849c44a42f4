package collections

import "github.com/pocketbase/pocketbase/core"

// Schedules reproduce the plan's automation cadence: one row per site and
// schedule type (clustering, ideas, writing, images, publishing) plus one
// global clean-up row without tenant. Members read; admins enable, disable and
// change spec and batch size; the scheduler writes next_run/last_run/last_result.
const (
	Schedules   = "schedules"
	SchedulesId = "pbc_igny8_schedules"
)

// BuildSchedules defines the schedules collection.
func BuildSchedules(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "site", CollectionId: SitesId, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: "type", Required: true, Max: 40},
		&core.TextField{Name: "spec", Required: true, Max: 100},
		&core.BoolField{Name: "enabled"},
		&core.NumberField{Name: "batch_size", OnlyInt: true, Min: num(0)},
		&core.DateField{Name: "next_run"},
		&core.DateField{Name: "last_run"},
		&core.JSONField{Name: "last_result", MaxSize: 1 << 16},
	)
	Timestamps(c)
	c.AddIndex("idx_schedules_tenant", false, "tenant", "")
	c.AddIndex("idx_schedules_site_type", true, "site, type", "site != ''")
	c.AddIndex("idx_schedules_due", false, "enabled, next_run", "")
	read := Ptr(MemberRule("tenant", RoleViewer))
	admin := MemberRule("tenant", RoleAdmin)
	// Admins toggle and tune; tenant, site and type never change, and the
	// scheduler's own bookkeeping is not writable through the API.
	update := admin + ` && @request.body.tenant:isset = false && @request.body.site:isset = false` +
		` && @request.body.type:isset = false && @request.body.next_run:isset = false` +
		` && @request.body.last_run:isset = false && @request.body.last_result:isset = false`
	SetRules(c, read, read, nil, Ptr(update), nil)
}

// CleanupScheduleId is the fixed id of the global clean-up schedule seeded by the jobs migration.
const CleanupScheduleId = "schedcleanup000"
