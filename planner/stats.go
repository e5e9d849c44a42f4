package planner

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// statsSelect computes a cluster's stats from its keywords. Average difficulty
// counts only keywords that have one (a file without KD stores 0, which would
// otherwise drag every average down).
const statsSelect = `SELECT COUNT(*) AS n, COALESCE(SUM(volume),0) AS vol,
	COALESCE(AVG(CASE WHEN difficulty > 0 THEN difficulty END),0) AS diff
	FROM {{keywords}} WHERE cluster = {:cluster}`

// RefreshSiteClusterStats recomputes keyword count, total volume and average
// difficulty of every cluster of site in one statement (used after bulk writes
// that bypass record hooks). Only clusters whose figures change are written,
// and each of those gets its normal realtime update event once the
// transaction commits, so a client watching clusters sees the new counts.
func RefreshSiteClusterStats(app core.App, siteId string) error {
	var changed []string
	err := app.DB().NewQuery(`WITH s AS (
		SELECT c.id AS id,
			(SELECT COUNT(*) FROM {{keywords}} k WHERE k.cluster = c.id) AS n,
			(SELECT COALESCE(SUM(k.volume),0) FROM {{keywords}} k WHERE k.cluster = c.id) AS vol,
			(SELECT ROUND(COALESCE(AVG(CASE WHEN k.difficulty > 0 THEN k.difficulty END),0),1) FROM {{keywords}} k WHERE k.cluster = c.id) AS diff
		FROM {{clusters}} c WHERE c.site = {:site})
		UPDATE {{clusters}} SET keyword_count = s.n, total_volume = s.vol, avg_difficulty = s.diff
		FROM s WHERE {{clusters}}.id = s.id
			AND (COALESCE(keyword_count,0) != s.n OR COALESCE(total_volume,0) != s.vol OR COALESCE(avg_difficulty,0) != s.diff)
		RETURNING {{clusters}}.id`).Bind(dbx.Params{"site": siteId}).Column(&changed)
	if err != nil {
		return fmt.Errorf("refresh cluster stats: %w", err)
	}
	collections.EmitUpdated(app, collections.Clusters, changed...)
	return nil
}

// RefreshClusterStats recomputes one cluster's stats and saves it through the
// app (so realtime subscribers see the change). A missing cluster is ignored.
func RefreshClusterStats(app core.App, clusterId string) error {
	if clusterId == "" {
		return nil
	}
	c, err := app.FindRecordById(collections.Clusters, clusterId)
	if err != nil {
		return nil
	}
	var s struct {
		N    int     `db:"n"`
		Vol  float64 `db:"vol"`
		Diff float64 `db:"diff"`
	}
	if err := app.DB().NewQuery(statsSelect).Bind(dbx.Params{"cluster": clusterId}).One(&s); err != nil {
		return fmt.Errorf("cluster stats: %w", err)
	}
	diff := float64(int(s.Diff*10+0.5)) / 10
	if c.GetInt("keyword_count") == s.N && c.GetFloat("total_volume") == s.Vol && c.GetFloat("avg_difficulty") == diff {
		return nil
	}
	c.Set("keyword_count", s.N)
	c.Set("total_volume", s.Vol)
	c.Set("avg_difficulty", diff)
	if err := app.SaveNoValidate(c); err != nil {
		return fmt.Errorf("save cluster stats: %w", err)
	}
	return nil
}

// bindStatsHooks keeps cluster stats current when keywords are created, moved
// between clusters, change metrics or are deleted, whatever path saves them.
func bindStatsHooks(app core.App) {
	after := func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		ids := map[string]bool{e.Record.GetString("cluster"): true}
		if o := e.Record.Original(); o != nil {
			ids[o.GetString("cluster")] = true
		}
		for id := range ids {
			if err := RefreshClusterStats(e.App, id); err != nil {
				e.App.Logger().Error("planner: cluster stats", "cluster", id, "error", err)
			}
		}
		return nil
	}
	app.OnRecordAfterCreateSuccess(collections.Keywords).Bind(collections.Handler(HookStatsCreate, after))
	app.OnRecordAfterUpdateSuccess(collections.Keywords).Bind(collections.Handler(HookStatsUpdate, after))
	app.OnRecordAfterDeleteSuccess(collections.Keywords).Bind(collections.Handler(HookStatsDelete, after))
}
