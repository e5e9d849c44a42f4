package autopilot

import (
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// CreatedByPrefix starts jobs.created_by of every job the autopilot queues
// ("schedule:<schedule id>"): how its spend is told from people's clicks.
const CreatedByPrefix = "schedule:"

// monthStart is the first instant of now's calendar month in UTC: the
// budget's period.
func monthStart(now time.Time) time.Time {
	u := now.UTC()
	return time.Date(u.Year(), u.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Spent is what the autopilot has spent on site this month: the credits of the
// jobs it queued since the month began that are still reserved or were
// committed (failed and canceled jobs were refunded).
func Spent(app core.App, siteId string, now time.Time) (int, error) {
	var total struct {
		N int `db:"n"`
	}
	err := app.DB().Select("COALESCE(SUM([[credits]]), 0) AS n").From(collections.Jobs).
		Where(dbx.HashExp{"site": siteId}).
		AndWhere(dbx.Like("created_by", CreatedByPrefix).Match(false, true)).
		AndWhere(dbx.In("credits_state", collections.CreditsReserved, collections.CreditsCommitted)).
		AndWhere(dbx.NewExp("[[created]] >= {:from}", dbx.Params{"from": monthStart(now).Format("2006-01-02 15:04:05.000Z")})).
		One(&total)
	if err != nil {
		return 0, fmt.Errorf("autopilot spend: %w", err)
	}
	return total.N, nil
}
