// Package migrations holds igny8's ordered Go migrations. They are frozen once
// released: each one describes its own change (a committed schema snapshot, or
// code that adds, renames or removes what it names) and never calls today's
// schema code in the collections package. TestSchemaMatchesCollections checks
// that running every migration yields exactly the schema collections/ describes,
// so a change there without a migration fails the tests. docs/UPGRADING.md says
// how to write one.
package migrations

import (
	_ "embed"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// foundationSnapshot is the foundation schema (users' igny8 fields and rules,
// plans, tenants, memberships, sites, the pipeline collections, prompts and
// audit_log) as released in the first version.
//
//go:embed 1764140000_foundation.json
var foundationSnapshot []byte

// Plan is one seeded subscription plan.
type Plan struct {
	Code           string
	Name           string
	PriceUSD       float64
	MonthlyCredits int
	MaxUsers       int
	MaxSites       int
	Custom         bool
}

// SeedPlans are the plans of the first release (docs/JOBS.md); Enterprise is priced by contract and
// has no fixed limits (0 = unlimited).
var SeedPlans = []Plan{
	{"trial", "Trial", 1, 25, 1, 1, false},
	{"starter", "Starter", 39, 200, 3, 3, false},
	{"pro", "Pro", 89, 600, 5, 5, false},
	{"agency", "Agency", 199, 2000, 15, 10, false},
	{"enterprise", "Enterprise", 0, 0, 0, 0, true},
}

func init() {
	m.Register(func(app core.App) error {
		if err := importSnapshot(app, foundationSnapshot); err != nil {
			return err
		}
		return seedPlans(app)
	}, func(app core.App) error {
		return dropSnapshot(app, foundationSnapshot, "users")
	})
}

func seedPlans(app core.App) error {
	col, err := app.FindCollectionByNameOrId("plans")
	if err != nil {
		return err
	}
	for i, p := range SeedPlans {
		r, err := app.FindFirstRecordByData(col, "code", p.Code)
		if err != nil {
			r = core.NewRecord(col)
		}
		r.Load(map[string]any{
			"code": p.Code, "name": p.Name, "price_usd": p.PriceUSD,
			"monthly_credits": p.MonthlyCredits, "max_users": p.MaxUsers, "max_sites": p.MaxSites,
			"custom": p.Custom, "sort": i, "active": true,
		})
		if err := app.Save(r); err != nil {
			return err
		}
	}
	return nil
}
