package wpimport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Errors of Rollback.
var (
	ErrNoBatch           = errors.New("no such import batch")
	ErrAlreadyRolledBack = errors.New("the batch was rolled back already")
)

// RollbackReport says what a rollback undid and what it kept.
type RollbackReport struct {
	Batch    string         `json:"batch"`
	Deleted  map[string]int `json:"deleted"`
	Restored map[string]int `json:"restored"`
	// Kept lists the records left as they are, with the reason: edited in
	// igny8 since the import (or by a later batch), or in use by records
	// igny8 made since.
	Kept    []Issue `json:"kept"`
	Missing int     `json:"missing"`
}

// referencedBy lists, per kind, the relation fields of other collections
// that may point at its records: a created record something else still
// uses is kept, so a rollback never leaves a dangling relation.
var referencedBy = map[string][][2]string{
	KindClusters: {{collections.Keywords, "cluster"}, {collections.Ideas, "cluster"}, {collections.Tasks, "cluster"}},
	KindIdeas:    {{collections.Tasks, "idea"}},
	KindTasks:    {{collections.Contents, "task"}},
	KindContents: {{collections.Images, "content"}, {collections.ContentVersions, "content"}, {collections.Variations, "content"}},
	KindPersonas: {{collections.Tasks, "persona"}},
}

// rollbackOrder undoes what points at others first.
var rollbackOrder = []string{KindMetrics, KindVariations, KindLinks, KindSettings, KindSchedules, KindImages, KindContents, KindTasks, KindIdeas, KindKeywords, KindClusters, KindPersonas, KindPrompts}

type mappedRow struct {
	Id     string `db:"id"`
	Legacy string `db:"legacy_id"`
	Record string `db:"record"`
	Action string `db:"action"`
	Before string `db:"before"`
	Hash   string `db:"hash"`
}

// Rollback removes what batch created and restores the fields it changed, in
// one transaction. A record whose mapped fields differ from what the batch
// wrote (edited in igny8 since, or changed by a later import) is kept, and so
// is a created record that records made since point at; both are listed.
func Rollback(ctx context.Context, app core.App, batchId string) (*RollbackReport, error) {
	rep := &RollbackReport{Batch: batchId, Deleted: map[string]int{}, Restored: map[string]int{}, Kept: []Issue{}}
	err := app.RunInTransaction(func(tx core.App) error {
		batch, err := tx.FindRecordById(collections.ImportBatches, batchId)
		if err != nil {
			return ErrNoBatch
		}
		if batch.GetString("status") == collections.ImportRolledBack {
			return ErrAlreadyRolledBack
		}
		site := batch.GetString("site")
		for _, name := range rollbackOrder {
			if err := ctx.Err(); err != nil {
				return err
			}
			var rows []mappedRow
			if err := tx.DB().Select("id", "legacy_id", "record", "action", "COALESCE([[before]], 'null') AS before", "COALESCE([[hash]], '') AS hash").From(collections.ImportRecords).
				Where(dbx.HashExp{"batch": batchId, "kind": name}).OrderBy("rowid").All(&rows); err != nil {
				return fmt.Errorf("read the batch's records: %w", err)
			}
			if len(rows) == 0 {
				continue
			}
			if name == KindSettings {
				if err := rollbackSettings(tx, rep, batch.GetString("tenant"), rows); err != nil {
					return err
				}
				continue
			}
			if err := rollbackKind(tx, rep, kindByName(name), site, batch.GetString("tenant"), rows); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if _, err := tx.DB().Delete(collections.ImportRecords, dbx.HashExp{"batch": batchId}).Execute(); err != nil {
			return err
		}
		if err := planner.RefreshSiteClusterStats(tx, site); err != nil {
			return err
		}
		batch.Set("status", collections.ImportRolledBack)
		batch.Set("rolled_back", types.NowDateTime())
		batch.Set("rollback_report", rep)
		return tx.Save(batch)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func rollbackKind(tx core.App, rep *RollbackReport, k *kind, site, tenant string, rows []mappedRow) error {
	col, err := tx.FindCachedCollectionByNameOrId(k.collection)
	if err != nil {
		return err
	}
	byRecord := make(map[string]*mappedRow, len(rows))
	for i := range rows {
		byRecord[rows[i].Record] = &rows[i]
	}
	inUse := map[string]bool{}
	for _, ref := range referencedBy[k.name] {
		var ids []string
		if err := tx.DB().Select("DISTINCT [[" + ref[1] + "]]").From(ref[0]).
			Where(dbx.And(dbx.HashExp{"tenant": tenant}, dbx.NewExp("[["+ref[1]+"]] != ''"))).Column(&ids); err != nil {
			return fmt.Errorf("find records using %s: %w", k.name, err)
		}
		for _, id := range ids {
			inUse[id] = true
		}
	}
	where := dbx.HashExp{"tenant": tenant}
	if k.siteScoped {
		where = dbx.HashExp{"site": site}
	}
	q, err := tx.DB().Select("*").From(col.Name).Where(where).Rows()
	if err != nil {
		return err
	}
	var del []any
	type restore struct {
		rec    *core.Record
		before map[string]any
	}
	var restores []restore
	seen := 0
	for q.Next() {
		m := dbx.NullStringMap{}
		if err := q.ScanMap(m); err != nil {
			q.Close()
			return err
		}
		mr := byRecord[m["id"].String]
		if mr == nil {
			continue
		}
		seen++
		rec, err := recordFrom(col, m)
		if err != nil {
			q.Close()
			return err
		}
		if recordHash(rec, k) != mr.Hash {
			rep.Kept = append(rep.Kept, Issue{k.name, mr.Legacy, "changed since the import (in igny8 or by a later import): kept as it is"})
			continue
		}
		switch mr.Action {
		case collections.ImportCreated:
			if inUse[rec.Id] {
				rep.Kept = append(rep.Kept, Issue{k.name, mr.Legacy, "in use by records made since the import: kept"})
				continue
			}
			del = append(del, rec.Id)
		case collections.ImportUpdated:
			before := map[string]any{}
			_ = json.Unmarshal([]byte(mr.Before), &before)
			restores = append(restores, restore{rec, before})
		}
	}
	q.Close()
	rep.Missing += len(rows) - seen
	for start := 0; start < len(del); start += 500 {
		if _, err := tx.DB().Delete(col.Name, dbx.In("id", del[start:min(start+500, len(del))]...)).Execute(); err != nil {
			return fmt.Errorf("delete: %w", err)
		}
	}
	rep.Deleted[k.name] += len(del)
	for _, r := range restores {
		for f, v := range r.before {
			r.rec.Set(f, v)
		}
		exp, err := r.rec.DBExport(tx)
		if err != nil {
			return err
		}
		set := dbx.Params{}
		for f := range r.before {
			set[f] = exp[f]
		}
		if len(set) == 0 {
			continue
		}
		if _, err := tx.DB().Update(col.Name, set, dbx.HashExp{"id": r.rec.Id}).Execute(); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		rep.Restored[k.name]++
	}
	return nil
}

func rollbackSettings(tx core.App, rep *RollbackReport, tenant string, rows []mappedRow) error {
	for _, mr := range rows {
		var cur string
		if err := tx.DB().Select("COALESCE([[settings]], '')").From(collections.Tenants).Where(dbx.HashExp{"id": tenant}).Row(&cur); err != nil {
			return err
		}
		stored := map[string]any{}
		_ = json.Unmarshal([]byte(cur), &stored)
		got, _ := stored[SettingsKey].(map[string]any)
		if settingsHash(got) != mr.Hash {
			rep.Kept = append(rep.Kept, Issue{KindSettings, mr.Legacy, "the workspace's plugin settings changed since the import: kept"})
			continue
		}
		var before struct {
			Settings json.RawMessage `json:"settings"`
			Key      string          `json:"ai_api_key"`
		}
		_ = json.Unmarshal([]byte(mr.Before), &before)
		var settings any = string(before.Settings)
		if settings == "null" || settings == "" {
			settings = nil
		}
		if _, err := tx.DB().Update(collections.Tenants, dbx.Params{"settings": settings, collections.TenantAIKey: before.Key},
			dbx.HashExp{"id": tenant}).Execute(); err != nil {
			return fmt.Errorf("restore the workspace settings: %w", err)
		}
		rep.Restored[KindSettings]++
	}
	return nil
}
