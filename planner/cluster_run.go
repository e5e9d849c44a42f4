package planner

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/grouping"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// clusterRun is one clustering run's outcome, written in the job's success
// transaction.
type clusterRun struct {
	found    []plannedCluster
	moves    []move
	existing []*runCluster
	usage    ai.Usage
	calls    int
	failed   []string
}

type kwRow struct {
	Id        string  `db:"id"`
	Keyword   string  `db:"keyword"`
	Language  string  `db:"language"`
	Volume    float64 `db:"volume"`
	Cluster   string  `db:"cluster"`
	Placement string  `db:"placement"`
}

// loadFresh loads the job's keywords that are still unclustered.
func loadFresh(app core.App, siteId string, ids []string) ([]runKeyword, error) {
	var out []runKeyword
	for start := 0; start < len(ids); start += 5000 {
		part := ids[start:min(start+5000, len(ids))]
		in := make([]any, len(part))
		for i, id := range part {
			in[i] = id
		}
		var rows []kwRow
		if err := app.DB().Select("id", "keyword", "language", "volume", "cluster").From(collections.Keywords).
			Where(siteUnclustered(siteId)).AndWhere(dbx.In("id", in...)).All(&rows); err != nil {
			return nil, fmt.Errorf("load keywords: %w", err)
		}
		for _, r := range rows {
			out = append(out, runKeyword{Id: r.Id, Text: r.Keyword, Language: r.Language, Volume: r.Volume})
		}
	}
	return out, nil
}

// loadClusters loads the site's active clusters with their keywords and
// what decides how a run treats them (fixed, judged, published).
func loadClusters(app core.App, siteId string) ([]*runCluster, error) {
	var cs []struct {
		Id       string `db:"id"`
		Name     string `db:"name"`
		Receipts string `db:"receipts"`
	}
	if err := app.DB().Select("id", "name", "COALESCE([[receipts]], '') AS receipts").From(collections.Clusters).
		Where(dbx.HashExp{"site": siteId, "status": "active"}).OrderBy("created", "id").All(&cs); err != nil {
		return nil, fmt.Errorf("load clusters: %w", err)
	}
	byId := map[string]*runCluster{}
	var out []*runCluster
	for _, c := range cs {
		var rc struct {
			Method string   `json:"method"`
			Model  string   `json:"model"`
			Terms  []string `json:"terms"`
			ByHand bool     `json:"byHand"`
		}
		_ = json.Unmarshal([]byte(c.Receipts), &rc)
		r := &runCluster{Id: c.Id, Name: c.Name, Terms: rc.Terms,
			Judged: rc.Method == "ai" && rc.Model != "" && rc.Model != "dev", Fixed: rc.Method == PlacementManual || rc.ByHand}
		byId[c.Id] = r
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, nil
	}
	var rows []kwRow
	if err := app.DB().Select("id", "keyword", "language", "volume", "cluster", "COALESCE([[placement]], '') AS placement").From(collections.Keywords).
		Where(dbx.NewExp("[[site]] = {:site} AND [[cluster]] != ''", dbx.Params{"site": siteId})).
		OrderBy("volume DESC", "id").All(&rows); err != nil {
		return nil, fmt.Errorf("load clustered keywords: %w", err)
	}
	for _, r := range rows {
		c := byId[r.Cluster]
		if c == nil {
			continue
		}
		c.Keywords = append(c.Keywords, runKeyword{Id: r.Id, Text: r.Keyword, Language: r.Language, Volume: r.Volume, Cluster: r.Cluster})
		if strings.Contains(r.Placement, `"method":"`+PlacementManual+`"`) {
			c.Fixed = true // a keyword placed by hand stays where the user put it
		}
	}
	mark := func(q string, f func(*runCluster)) error {
		var ids []string
		if err := app.DB().NewQuery(q).Bind(dbx.Params{"site": siteId}).Column(&ids); err != nil {
			return fmt.Errorf("load cluster links: %w", err)
		}
		for _, id := range ids {
			if c := byId[id]; c != nil {
				f(c)
			}
		}
		return nil
	}
	if err := mark("SELECT DISTINCT cluster FROM {{ideas}} WHERE site = {:site} AND cluster != ''", func(c *runCluster) { c.Fixed = true }); err != nil {
		return nil, err
	}
	if err := mark("SELECT DISTINCT cluster FROM {{tasks}} WHERE site = {:site} AND cluster != ''", func(c *runCluster) { c.Fixed = true }); err != nil {
		return nil, err
	}
	if err := mark(`SELECT DISTINCT t.cluster FROM {{contents}} c JOIN {{tasks}} t ON t.id = c.task
		WHERE c.site = {:site} AND t.cluster != '' AND c.publish_status = 'published'`, func(c *runCluster) { c.Published, c.Fixed = true, true }); err != nil {
		return nil, err
	}
	var kept []*runCluster
	for _, c := range out {
		if len(c.Keywords) > 0 || c.Fixed {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// PlanRun decides a clustering run: the lexical map of the new keywords with
// the existing clusters (see lexicalPlan), embeddings blended in only when a
// real embeddings model answers, then the AI step for what the map could not
// settle (see decideUnits).
// report (may be nil) hears each stage as it starts.
func PlanRun(ctx context.Context, app core.App, site *core.Record, existing []*runCluster, fresh []runKeyword, report func(pct int, step string)) (*clusterRun, error) {
	if report == nil {
		report = func(int, string) {}
	}
	// a keyword whose language neither its import nor its text tells is read
	// in the language most keywords of the run were imported with
	langs := map[string]int{}
	opts := grouping.GroupOptions{}
	for _, k := range fresh {
		if k.Language != "" {
			langs[grouping.StemLanguage(k.Language)]++
		}
	}
	for l, n := range langs {
		if n > langs[opts.Language] || n == langs[opts.Language] && l < opts.Language {
			opts.Language = l
		}
	}
	var usage ai.Usage
	free := 0
	for _, c := range existing {
		if !c.Fixed {
			free += len(c.Keywords)
		}
	}
	if free == 0 { // embeddings would have to cover the free clusters' keywords too
		texts := make([]string, len(fresh))
		for i, k := range fresh {
			texts[i] = k.Text
		}
		report(10, fmt.Sprintf("embedding %d keywords", len(texts)))
		if embs, u, err := ai.Embed(ctx, app, site.GetString("tenant"), texts); err == nil && u.Model != "dev" && len(embs) == len(texts) {
			opts.Embeddings, usage = embs, u
		}
	}
	plan := lexicalPlan(existing, fresh, opts)
	report(35, fmt.Sprintf("asking the AI to name and check %d groups", len(plan.units)))
	d, err := decideUnits(ctx, app, site, plan.units, existing)
	if err != nil {
		return nil, err
	}
	usage.Add(d.usage)
	return &clusterRun{found: d.found, moves: append(plan.moves, d.moves...), existing: existing,
		usage: usage, calls: d.calls, failed: d.failed}, nil
}

// result is the job's result: what the run did.
func (r *clusterRun) result(fresh int) map[string]any {
	assigned := 0
	for _, m := range r.moves {
		if m.kw.Cluster == "" {
			assigned++
		}
	}
	method := "ai"
	switch {
	case r.calls == 0:
		method = "assigned"
	case len(r.failed) == r.calls:
		method = "tokens"
	case len(r.failed) > 0:
		method = "mixed"
	}
	res := map[string]any{"clusters": len(r.found), "keywords": fresh, "assigned": assigned,
		"regrouped": len(r.moves) - assigned + r.regroupedIntoNew(), "method": method, "aiCalls": r.calls}
	if len(r.failed) > 0 {
		res["aiFallback"] = strings.Join(r.failed, "; ")
	}
	return res
}

func (r *clusterRun) regroupedIntoNew() int {
	n := 0
	for _, pc := range r.found {
		for _, k := range pc.Keywords {
			if k.Cluster != "" {
				n++
			}
		}
	}
	return n
}

// write saves the new clusters, places every keyword with its receipt,
// archives free clusters left empty (receipts say where their keywords
// went) and refreshes the site's cluster stats. A keyword is moved only if
// it is still where the run found it, so a hand move or another run in
// between wins.
func (r *clusterRun) write(tx core.App, site *core.Record, jobId string) error {
	col, err := tx.FindCachedCollectionByNameOrId(collections.Clusters)
	if err != nil {
		return err
	}
	moved := 0
	place := func(k runKeyword, to string, p Placement) error {
		p.Job = jobId
		b, _ := json.Marshal(p)
		res, err := tx.DB().Update(collections.Keywords, dbx.Params{"cluster": to, "status": "clustered", "placement": string(b)},
			dbx.NewExp("[[id]] = {:id} AND [[site]] = {:site} AND +[[cluster]] = {:from}", dbx.Params{"id": k.Id, "site": site.Id, "from": k.Cluster})).Execute()
		if err != nil {
			return fmt.Errorf("place keyword: %w", err)
		}
		n, _ := res.RowsAffected()
		moved += int(n)
		return nil
	}
	for _, pc := range r.found {
		c := core.NewRecord(col)
		intent := pc.Intent
		if !contains([]string{"informational", "commercial", "transactional", "navigational"}, intent) {
			intent = ""
		}
		c.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "name": collections.Truncate(pc.Name, collections.ClusterNameMax),
			"description": collections.Truncate(pc.Description, collections.ClusterDescriptionMax), "intent": intent, "status": "active", "receipts": pc.Receipts, "model": collections.Truncate(r.usage.Model, collections.ModelMax)})
		if err := tx.Save(c); err != nil {
			return fmt.Errorf("save cluster %q: %w", pc.Name, err)
		}
		for i, k := range pc.Keywords {
			if err := place(k, c.Id, pc.Placements[i]); err != nil {
				return err
			}
		}
	}
	for _, m := range r.moves {
		if err := place(m.kw, m.to, m.placement); err != nil {
			return err
		}
	}
	if err := archiveEmptied(tx, site.Id, r.existing); err != nil {
		return err
	}
	if moved > 0 {
		emitKeywordsChange(tx, site.GetString("tenant"), KeywordsChange{Action: KeywordsClustered, Site: site.Id, Moved: moved})
	}
	return RefreshSiteClusterStats(tx, site.Id)
}

// archiveEmptied archives the free clusters a run left without keywords,
// noting the cluster that took most of them (receipts.mergedInto).
func archiveEmptied(tx core.App, siteId string, existing []*runCluster) error {
	for _, c := range existing {
		if c.Fixed || len(c.Keywords) == 0 {
			continue
		}
		var rows []struct {
			Cluster string `db:"cluster"`
			N       int    `db:"n"`
		}
		ids := make([]any, len(c.Keywords))
		for i, k := range c.Keywords {
			ids[i] = k.Id
		}
		if err := tx.DB().Select("cluster", "COUNT(*) AS n").From(collections.Keywords).Where(dbx.In("id", ids...)).
			GroupBy("cluster").OrderBy("n DESC", "cluster").All(&rows); err != nil {
			return fmt.Errorf("archive emptied clusters: %w", err)
		}
		into := ""
		for _, row := range rows {
			if row.Cluster == c.Id {
				into = ""
				break
			}
			if into == "" {
				into = row.Cluster
			}
		}
		if into == "" {
			continue
		}
		rec, err := tx.FindRecordById(collections.Clusters, c.Id)
		if err != nil {
			continue
		}
		if err := archiveInto(tx, rec, into, "regrouped by a clustering run"); err != nil {
			return err
		}
	}
	return nil
}

// archiveInto archives cluster rec as merged into cluster into.
func archiveInto(tx core.App, rec *core.Record, into, why string) error {
	var rc map[string]any
	_ = rec.UnmarshalJSONField("receipts", &rc)
	if rc == nil {
		rc = map[string]any{}
	}
	rc["mergedInto"], rc["mergedWhy"] = into, why
	rec.Set("receipts", rc)
	rec.Set("status", "archived")
	if err := tx.Save(rec); err != nil {
		return fmt.Errorf("archive cluster %q: %w", rec.GetString("name"), err)
	}
	return nil
}

func titleCase(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		r := []rune(x)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		w[i] = string(r)
	}
	return collections.Truncate(strings.Join(w, " "), collections.ClusterNameMax)
}
