package billing

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Instance-wide AI cost caps, in USD of provider spend on the instance's own
// key per UTC day and month (unset or 0: none). Per-workspace caps are the
// tenants' ai_cap_daily_usd and ai_cap_monthly_usd, set by operators in the
// admin UI.
const (
	EnvAICapDaily   = "IGNY8_AI_CAP_DAILY_USD"
	EnvAICapMonthly = "IGNY8_AI_CAP_MONTHLY_USD"
)

// Cost-anomaly rule: a workspace's day is an anomaly when its spend exceeds
// AnomalyFactor times the median of its previous AnomalyWindow days (days
// without spend count as 0), once it has AnomalyMinHistory days with spend in
// that window (a new workspace has no "usual" yet).
const (
	AnomalyFactor     = 5.0
	AnomalyWindow     = 14
	AnomalyMinHistory = 7
)

// ErrAICapReached is what a *CapError is (errors.Is).
var ErrAICapReached = errors.New("AI cost cap reached")

// CapError says an AI call was not made because a cost cap is reached. It
// implements jobs.Snoozer: an AI job waits until the cap's period ends
// instead of failing, its credits still reserved. Its text is for owners.
type CapError struct {
	Scope string  // "workspace daily", "workspace monthly", "instance daily", "instance monthly"
	Limit float64 // USD
	Spent float64 // USD
	Until time.Time
	Now   time.Time
}

func (e *CapError) Error() string {
	return fmt.Sprintf("AI spending paused: the %s AI cost cap ($%.2f) is reached ($%.2f spent); AI work resumes at %s",
		e.Scope, e.Limit, e.Spent, e.Until.UTC().Format("2006-01-02 15:04 UTC"))
}

// Is makes every CapError match ErrAICapReached.
func (e *CapError) Is(target error) bool { return target == ErrAICapReached }

// SnoozeFor is the wait until the cap's period ends (jobs.Snoozer).
func (e *CapError) SnoozeFor() time.Duration { return max(e.Until.Sub(e.Now), time.Minute) }

func envUSD(name string) float64 {
	v, err := strconv.ParseFloat(os.Getenv(name), 64)
	if err != nil || v < 0 {
		return 0
	}
	return v
}

func day(t time.Time) string { return t.UTC().Format(collections.AISpendDayLayout) }

// spent sums instance_usd of tenant ("" for every workspace) since the day
// from (inclusive).
func spent(app core.App, tenantId string, from time.Time, oneDay bool) (float64, error) {
	q := app.DB().Select("COALESCE(SUM(instance_usd), 0)").From(collections.AISpend)
	if oneDay {
		q = q.Where(dbx.HashExp{"day": day(from)})
	} else {
		q = q.Where(dbx.NewExp("day >= {:from}", dbx.Params{"from": day(from)}))
	}
	if tenantId != "" {
		q = q.AndWhere(dbx.HashExp{"tenant": tenantId})
	}
	var sum float64
	if err := q.Row(&sum); err != nil {
		return 0, fmt.Errorf("ai spend: %w", err)
	}
	return sum, nil
}

// CheckAICap returns a *CapError when a call paid by the instance's key for
// tenant ("" = a platform call) would pass a cap at now: the workspace's own
// daily or monthly cap, or the instance-wide ones.
func CheckAICap(app core.App, tenantId string, now time.Time) error {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	type cap struct {
		scope, tenant string
		limit         float64
		from, until   time.Time
		oneDay        bool
	}
	var caps []cap
	if tenantId != "" {
		var limits struct {
			Daily   float64 `db:"d"`
			Monthly float64 `db:"m"`
		}
		err := app.DB().NewQuery("SELECT COALESCE(ai_cap_daily_usd,0) AS d, COALESCE(ai_cap_monthly_usd,0) AS m FROM " +
			collections.Tenants + " WHERE id = {:id}").Bind(dbx.Params{"id": tenantId}).One(&limits)
		if err == nil {
			caps = append(caps, cap{"workspace daily", tenantId, limits.Daily, today, today.AddDate(0, 0, 1), true},
				cap{"workspace monthly", tenantId, limits.Monthly, month, month.AddDate(0, 1, 0), false})
		}
	}
	caps = append(caps, cap{"instance daily", "", envUSD(EnvAICapDaily), today, today.AddDate(0, 0, 1), true},
		cap{"instance monthly", "", envUSD(EnvAICapMonthly), month, month.AddDate(0, 1, 0), false})
	for _, c := range caps {
		if c.limit <= 0 {
			continue
		}
		s, err := spent(app, c.tenant, c.from, c.oneDay)
		if err != nil {
			return err
		}
		if s >= c.limit {
			return &CapError{Scope: c.scope, Limit: c.limit, Spent: s, Until: c.until, Now: now}
		}
	}
	return nil
}

// AICapStatus is the cap state the billing summary shows a workspace.
type AICapStatus struct {
	DailyCapUSD   float64 `json:"dailyCapUsd"`
	MonthlyCapUSD float64 `json:"monthlyCapUsd"`
	TodayUSD      float64 `json:"todayUsd"` // instance-key spend today
	MonthUSD      float64 `json:"monthUsd"`
	// Paused is the reason AI work waits now ("" when it does not).
	Paused string `json:"paused,omitempty"`
}

// AICaps reports tenant's caps, spend and whether a cap holds AI work back.
func AICaps(app core.App, tenant *core.Record, now time.Time) (AICapStatus, error) {
	now = now.UTC()
	st := AICapStatus{DailyCapUSD: tenant.GetFloat("ai_cap_daily_usd"), MonthlyCapUSD: tenant.GetFloat("ai_cap_monthly_usd")}
	var err error
	if st.TodayUSD, err = spent(app, tenant.Id, now, true); err != nil {
		return st, err
	}
	if st.MonthUSD, err = spent(app, tenant.Id, time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC), false); err != nil {
		return st, err
	}
	var ce *CapError
	if err := CheckAICap(app, tenant.Id, now); errors.As(err, &ce) {
		st.Paused = ce.Error()
	} else if err != nil {
		return st, err
	}
	return st, nil
}

// RecordSpend adds one provider call's cost to tenant's day (tenant "" for a
// platform call); instance says the instance's key paid. It is one upsert on
// the (tenant, day) row. When the day's spend first passes the anomaly rule
// it flags the row and writes an audit entry (ai.cost_anomaly), reporting
// anomaly=true once per workspace and day.
func RecordSpend(app core.App, tenantId string, costUSD float64, instance bool, at time.Time) (anomaly bool, err error) {
	if costUSD < 0 {
		costUSD = 0
	}
	inst := 0.0
	if instance {
		inst = costUSD
	}
	d := day(at)
	err = app.RunInTransaction(func(tx core.App) error {
		now := types.NowDateTime().String()
		if _, err := tx.DB().NewQuery("INSERT INTO " + collections.AISpend +
			" (id, tenant, day, cost_usd, instance_usd, calls, anomaly, created, updated)" +
			" VALUES ({:id}, {:t}, {:d}, {:c}, {:i}, 1, FALSE, {:now}, {:now})" +
			" ON CONFLICT (tenant, day) DO UPDATE SET cost_usd = cost_usd + excluded.cost_usd," +
			" instance_usd = instance_usd + excluded.instance_usd, calls = calls + 1, updated = excluded.updated").
			Bind(dbx.Params{"id": security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
				"t": tenantId, "d": d, "c": costUSD, "i": inst, "now": now}).Execute(); err != nil {
			return fmt.Errorf("record ai spend: %w", err)
		}
		if tenantId == "" || costUSD == 0 {
			return nil
		}
		var row struct {
			Id      string  `db:"id"`
			Cost    float64 `db:"cost_usd"`
			Anomaly bool    `db:"anomaly"`
		}
		if err := tx.DB().Select("id", "cost_usd", "anomaly").From(collections.AISpend).
			Where(dbx.HashExp{"tenant": tenantId, "day": d}).One(&row); err != nil {
			return err
		}
		if row.Anomaly {
			return nil
		}
		median, days, err := spendMedian(tx, tenantId, at)
		if err != nil {
			return err
		}
		if days < AnomalyMinHistory || median <= 0 || row.Cost <= AnomalyFactor*median {
			return nil
		}
		if _, err := tx.DB().Update(collections.AISpend, dbx.Params{"anomaly": true}, dbx.HashExp{"id": row.Id}).Execute(); err != nil {
			return err
		}
		SystemAudit(tx, tenantId, "ai.cost_anomaly", collections.AISpend, row.Id, map[string]any{
			"day": d, "spentUsd": row.Cost, "medianUsd": median, "factor": AnomalyFactor, "windowDays": AnomalyWindow})
		anomaly = true
		return nil
	})
	return anomaly, err
}

// spendMedian is the median daily spend of tenant over the AnomalyWindow days
// before at's day (days without a row count as 0) and how many had spend.
func spendMedian(app core.App, tenantId string, at time.Time) (float64, int, error) {
	end := time.Date(at.UTC().Year(), at.UTC().Month(), at.UTC().Day(), 0, 0, 0, 0, time.UTC)
	var costs []float64
	err := app.DB().Select("cost_usd").From(collections.AISpend).
		Where(dbx.HashExp{"tenant": tenantId}).
		AndWhere(dbx.NewExp("day >= {:from} AND day < {:to}", dbx.Params{"from": day(end.AddDate(0, 0, -AnomalyWindow)), "to": day(end)})).
		Column(&costs)
	if err != nil {
		return 0, 0, err
	}
	days := len(costs)
	for len(costs) < AnomalyWindow {
		costs = append(costs, 0)
	}
	sort.Float64s(costs)
	return (costs[AnomalyWindow/2-1] + costs[AnomalyWindow/2]) / 2, days, nil
}
