package collections

import "github.com/pocketbase/pocketbase/core"

// Jobs is the work queue: one record per unit of work, so the admin UI and the
// web app watch status and progress through PocketBase realtime. Only Go code
// (the jobs package and routes) writes it; members of the job's workspace read.
const (
	Jobs   = "jobs"
	JobsId = "pbc_igny8_jobs"
)

// Job statuses.
const (
	JobQueued    = "queued"
	JobRunning   = "running"
	JobSucceeded = "succeeded"
	JobFailed    = "failed"
	JobCanceled  = "canceled"
)

// JobStatuses lists every job status.
var JobStatuses = []string{JobQueued, JobRunning, JobSucceeded, JobFailed, JobCanceled}

// Credit states of a job's reservation.
const (
	CreditsNone      = "none"
	CreditsReserved  = "reserved"
	CreditsCommitted = "committed"
	CreditsRefunded  = "refunded"
)

// JobStepMax is the length limit of jobs.step (characters).
const JobStepMax = 300

// JobsActiveIndex makes active_key unique among queued and running jobs only:
// a finished job frees its key, so the same action after it makes a new job.
const (
	JobsActiveIndex = "idx_jobs_active"
	JobsActiveWhere = "active_key != '' AND status IN ('queued', 'running')"
)

// BuildJobs defines the jobs collection. The tenant is optional only for
// platform jobs (the global clean-up); those are visible to superusers alone.
func BuildJobs(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "site", CollectionId: SitesId, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: "type", Required: true, Max: 80},
		&core.TextField{Name: "target_collection", Max: 80},
		&core.TextField{Name: "target", Max: 40},
		&core.JSONField{Name: "payload", MaxSize: 1 << 20},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: JobStatuses},
		&core.NumberField{Name: "priority", OnlyInt: true},
		&core.NumberField{Name: "attempts", OnlyInt: true, Min: num(0)},
		&core.NumberField{Name: "max_attempts", OnlyInt: true, Min: num(0)},
		&core.DateField{Name: "run_after"},
		&core.DateField{Name: "lease_until"},
		&core.TextField{Name: "lease_owner", Hidden: true, Max: 80},
		&core.NumberField{Name: "progress", Min: num(0), Max: num(100)},
		&core.TextField{Name: "step", Max: JobStepMax, Help: "what the running attempt is doing or waiting for, e.g. waiting for WordPress: uploading an image"},
		&core.TextField{Name: "error", Max: JobErrorMax},
		&core.JSONField{Name: "errors", MaxSize: 1 << 18, Help: "one entry per failed attempt"},
		&core.JSONField{Name: "result", MaxSize: 1 << 20},
		&core.TextField{Name: "model", Max: 200},
		&core.NumberField{Name: "tokens_in", OnlyInt: true, Min: num(0)},
		&core.NumberField{Name: "tokens_out", OnlyInt: true, Min: num(0)},
		&core.NumberField{Name: "cost_usd", Min: num(0)},
		&core.NumberField{Name: "credits", OnlyInt: true, Min: num(0)},
		&core.SelectField{Name: "credits_state", MaxSelect: 1, Values: []string{CreditsNone, CreditsReserved, CreditsCommitted, CreditsRefunded}},
		&core.NumberField{Name: "credits_plan", OnlyInt: true, Min: num(0), Help: "part of the reservation taken from plan credits"},
		&core.TextField{Name: "idempotency_key", Max: 300},
		&core.TextField{Name: "active_key", Max: 300, Help: "one queued or running job per key (duplicate clicks)"},
		&core.TextField{Name: "created_by", Max: 40},
		&core.DateField{Name: "started"},
		&core.DateField{Name: "finished"},
	)
	Timestamps(c)
	c.AddIndex("idx_jobs_tenant", false, "tenant", "")
	c.AddIndex("idx_jobs_site", false, "site", "")
	c.AddIndex("idx_jobs_idem", true, "idempotency_key", "idempotency_key != ''")
	c.AddIndex(JobsActiveIndex, true, "active_key", JobsActiveWhere)
	c.AddIndex("idx_jobs_claim", false, "status, tenant, run_after", "")
	c.AddIndex("idx_jobs_lease", false, "status, lease_until", "")
	c.AddIndex("idx_jobs_finished", false, "status, finished", "")
	read := Ptr(MemberRule("tenant", RoleViewer))
	SetRules(c, read, read, nil, nil, nil)
}
