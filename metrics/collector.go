package metrics

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/prometheus/client_golang/prometheus"
)

var (
	queueDepthDesc = prometheus.NewDesc(Namespace+"_jobs_queue_depth",
		"Jobs waiting or running, by status and type.", []string{"status", "type"}, nil)
	queueAgeDesc = prometheus.NewDesc(Namespace+"_jobs_oldest_ready_seconds",
		"Age of the oldest queued job that is due to run (queue lag).", nil, nil)
	schedulerLagDesc = prometheus.NewDesc(Namespace+"_scheduler_lag_seconds",
		"How long the most overdue enabled schedule has been due without running.", nil, nil)
	schedulesDesc = prometheus.NewDesc(Namespace+"_scheduler_schedules",
		"Schedules by whether they are enabled.", []string{"enabled"}, nil)
	aiSpendDesc = prometheus.NewDesc(Namespace+"_ai_instance_spend_usd",
		"AI provider spend paid by the instance's key in the current UTC day and month (what the cost caps limit).", []string{"period"}, nil)
)

// dbCollector reads the queue and scheduler state from the database at scrape
// time: gauges that describe stored state stay right across restarts and
// across processes sharing one data dir.
type dbCollector struct{ app core.App }

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueDepthDesc
	ch <- queueAgeDesc
	ch <- schedulerLagDesc
	ch <- schedulesDesc
	ch <- aiSpendDesc
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	now := time.Now().UTC()
	var depth []struct {
		Status string `db:"status"`
		Type   string `db:"type"`
		N      int    `db:"n"`
	}
	if err := c.app.DB().NewQuery(`SELECT status, type, COUNT(*) AS n FROM jobs WHERE status IN ('queued','running') GROUP BY status, type`).All(&depth); err == nil {
		for _, d := range depth {
			ch <- prometheus.MustNewConstMetric(queueDepthDesc, prometheus.GaugeValue, float64(d.N), d.Status, d.Type)
		}
	}
	var today, month float64
	if err := c.app.DB().NewQuery(`SELECT COALESCE(SUM(CASE WHEN day = {:d} THEN instance_usd END), 0) AS t, COALESCE(SUM(instance_usd), 0) AS m FROM ai_spend WHERE day >= {:m}`).
		Bind(dbx.Params{"d": now.Format("2006-01-02"), "m": now.Format("2006-01") + "-01"}).Row(&today, &month); err == nil {
		ch <- prometheus.MustNewConstMetric(aiSpendDesc, prometheus.GaugeValue, today, "day")
		ch <- prometheus.MustNewConstMetric(aiSpendDesc, prometheus.GaugeValue, month, "month")
	}
	ch <- prometheus.MustNewConstMetric(queueAgeDesc, prometheus.GaugeValue, QueueLag(c.app, now).Seconds())
	ch <- prometheus.MustNewConstMetric(schedulerLagDesc, prometheus.GaugeValue, SchedulerLag(c.app, now).Seconds())
	var counts []struct {
		Enabled bool `db:"enabled"`
		N       int  `db:"n"`
	}
	if err := c.app.DB().NewQuery(`SELECT enabled, COUNT(*) AS n FROM schedules GROUP BY enabled`).All(&counts); err == nil {
		for _, r := range counts {
			label := "false"
			if r.Enabled {
				label = "true"
			}
			ch <- prometheus.MustNewConstMetric(schedulesDesc, prometheus.GaugeValue, float64(r.N), label)
		}
	}
}

// QueueLag is how long the oldest queued job that is due has waited.
func QueueLag(app core.App, now time.Time) time.Duration {
	return since(app, now, `SELECT COALESCE(MIN(run_after),'') FROM jobs WHERE status = 'queued' AND run_after <= {:now}`)
}

// SchedulerLag is how long the most overdue enabled schedule has been due.
func SchedulerLag(app core.App, now time.Time) time.Duration {
	return since(app, now, `SELECT COALESCE(MIN(next_run),'') FROM schedules WHERE enabled = TRUE AND next_run != '' AND next_run <= {:now}`)
}

// since runs a query returning one stored date and gives its age (0 when
// there is none).
func since(app core.App, now time.Time, query string) time.Duration {
	var raw string
	if err := app.DB().NewQuery(query).Bind(dbx.Params{"now": now.Format(types.DefaultDateLayout)}).Row(&raw); err != nil || raw == "" {
		return 0
	}
	t, err := time.Parse(types.DefaultDateLayout, raw)
	if err != nil {
		return 0
	}
	return now.Sub(t)
}
