package billing

import (
	"fmt"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Usage is what a workspace's plan limits are measured against: seats
// (members plus pending, unexpired invitations: an invitation holds a seat)
// and sites.
type Usage struct {
	Users int `json:"users"`
	Sites int `json:"sites"`
}

// CountUsage counts tenant's seats and sites.
func CountUsage(app core.App, tenantId string) (Usage, error) {
	var u Usage
	members, err := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": tenantId})
	if err != nil {
		return u, fmt.Errorf("count members: %w", err)
	}
	pending, err := app.CountRecords(collections.Invitations, dbx.HashExp{"tenant": tenantId, "status": collections.InvitePending},
		dbx.NewExp("expires > {:now}", dbx.Params{"now": types.NowDateTime().String()}))
	if err != nil {
		return u, fmt.Errorf("count invitations: %w", err)
	}
	sites, err := app.CountRecords(collections.Sites, dbx.HashExp{"tenant": tenantId})
	if err != nil {
		return u, fmt.Errorf("count sites: %w", err)
	}
	u.Users, u.Sites = int(members+pending), int(sites)
	return u, nil
}

// Fit is a workspace's usage against a plan's limits. A plan change never
// deletes anything: over a limit, only new additions are refused, and Advice
// says what to remove or which plan fits.
type Fit struct {
	Plan     string `json:"plan"` // code
	Usage    Usage  `json:"usage"`
	MaxUsers int    `json:"maxUsers"` // 0 = unlimited
	MaxSites int    `json:"maxSites"`
	// OverUsers and OverSites are how many seats and sites are over the limit.
	OverUsers int `json:"overUsers"`
	OverSites int `json:"overSites"`
	// Fits is the code of the smallest active plan the usage fits ("" when
	// it fits the plan itself or none).
	Fits   string `json:"fits,omitempty"`
	Advice string `json:"advice,omitempty"`
}

// Over reports whether the usage is over any limit.
func (f Fit) Over() bool { return f.OverUsers > 0 || f.OverSites > 0 }

// CheckFit measures tenant's usage against plan (a plans record).
func CheckFit(app core.App, tenantId string, plan *core.Record) (Fit, error) {
	u, err := CountUsage(app, tenantId)
	if err != nil {
		return Fit{}, err
	}
	return fitOf(app, plan, u)
}

func fitOf(app core.App, plan *core.Record, u Usage) (Fit, error) {
	f := Fit{Plan: plan.GetString("code"), Usage: u, MaxUsers: plan.GetInt("max_users"), MaxSites: plan.GetInt("max_sites")}
	if f.MaxUsers > 0 {
		f.OverUsers = max(u.Users-f.MaxUsers, 0)
	}
	if f.MaxSites > 0 {
		f.OverSites = max(u.Sites-f.MaxSites, 0)
	}
	if !f.Over() {
		return f, nil
	}
	code, name, err := SmallestFit(app, u)
	if err != nil {
		return f, err
	}
	f.Fits = code
	var remove []string
	if f.OverUsers > 0 {
		remove = append(remove, plural(f.OverUsers, "member or pending invitation", "members or pending invitations"))
	}
	if f.OverSites > 0 {
		remove = append(remove, plural(f.OverSites, "site", "sites"))
	}
	f.Advice = fmt.Sprintf("The %s plan allows %s and %s; this workspace has %s and %s. Nothing is deleted, but nothing new can be added until you remove %s",
		plan.GetString("name"), limitText(f.MaxUsers, "user"), limitText(f.MaxSites, "site"),
		plural(u.Users, "user", "users"), plural(u.Sites, "site", "sites"), strings.Join(remove, " and "))
	if f.Fits != "" && f.Fits != f.Plan {
		f.Advice += fmt.Sprintf(" or choose the %s plan, which fits", name)
	}
	f.Advice += "."
	return f, nil
}

// SmallestFit is the first active, non-custom plan (by sort, then price)
// whose limits hold usage u, or "" when none does.
func SmallestFit(app core.App, u Usage) (code, name string, err error) {
	plans, err := app.FindRecordsByFilter(collections.Plans, "active = true && custom = false", "sort,price_usd", 0, 0)
	if err != nil {
		return "", "", fmt.Errorf("plans: %w", err)
	}
	for _, p := range plans {
		if fits(p, u) {
			return p.GetString("code"), p.GetString("name"), nil
		}
	}
	return "", "", nil
}

func fits(p *core.Record, u Usage) bool {
	mu, ms := p.GetInt("max_users"), p.GetInt("max_sites")
	return (mu <= 0 || u.Users <= mu) && (ms <= 0 || u.Sites <= ms)
}

func limitText(n int, noun string) string {
	if n <= 0 {
		return "unlimited " + noun + "s"
	}
	return plural(n, noun, noun+"s")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
