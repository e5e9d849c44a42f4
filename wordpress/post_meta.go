package wordpress

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Post meta of the keyword and cluster sync (the names the IGNY8 WordPress
// plugin used): which igny8 cluster, keywords and task a post was written for.
// The keyword ids are one comma-separated string, so core REST and the plugin
// store and report them the same way.
const (
	MetaClusterID  = "_igny8_cluster_id"
	MetaKeywordIDs = "_igny8_keyword_ids"
	MetaTaskID     = "_igny8_task_id"
)

// maxMetaKeywords bounds the keyword ids one post carries (the plugin's limit).
const maxMetaKeywords = 500

// PostMeta is igny8's description of a post: its task, the task's cluster
// and the site's keyword records of the task's keywords.
type PostMeta struct {
	ClusterID string `json:"cluster_id"`
	// ClusterName names the plugin's cluster term (sent, not read back).
	ClusterName string   `json:"cluster_name,omitempty"`
	KeywordIDs  []string `json:"keyword_ids"`
	TaskID      string   `json:"task_id"`
}

func (m *PostMeta) restFields() map[string]any {
	return map[string]any{MetaClusterID: m.ClusterID, MetaKeywordIDs: strings.Join(m.KeywordIDs, ","), MetaTaskID: m.TaskID}
}

// Same says whether the post carries exactly these ids.
func (m *PostMeta) Same(o *PostMeta) bool {
	return m != nil && o != nil && m.ClusterID == o.ClusterID && m.TaskID == o.TaskID && slices.Equal(m.KeywordIDs, o.KeywordIDs)
}

func splitIDs(s string) []string {
	out := []string{}
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// metaOf builds the ids of a content's post. A content without a task (hand
// written, moved in) gets empty ids, so a post that lost its task loses them.
// Keywords are matched on the task's site by their text, ignoring case and
// spacing; a task keyword with no record is left out.
func metaOf(app core.App, content *core.Record) (*PostMeta, error) {
	m := &PostMeta{KeywordIDs: []string{}}
	task, err := app.FindRecordById(collections.Tasks, content.GetString("task"))
	if err != nil || task.GetString("tenant") != content.GetString("tenant") {
		return m, nil
	}
	m.TaskID = task.Id
	if cid := task.GetString("cluster"); cid != "" {
		if cl, err := app.FindRecordById(collections.Clusters, cid); err == nil && cl.GetString("tenant") == task.GetString("tenant") {
			m.ClusterID, m.ClusterName = cl.Id, cl.GetString("name")
		}
	}
	words := collections.TaskKeywords(task)
	if len(words) == 0 {
		return m, nil
	}
	want := make([]any, 0, len(words))
	order := map[string]int{}
	for i, w := range words {
		n := keywordfile.Normalize(w) // the keywords.normalized identity
		want = append(want, n)
		if _, ok := order[n]; !ok {
			order[n] = i
		}
	}
	var rows []struct {
		Id         string `db:"id"`
		Normalized string `db:"normalized"`
	}
	err = app.DB().Select("id", "normalized").From(collections.Keywords).
		Where(dbx.HashExp{"site": content.GetString("site"), "tenant": content.GetString("tenant")}).
		AndWhere(dbx.In("normalized", want...)).OrderBy("id").All(&rows)
	if err != nil {
		return nil, fmt.Errorf("keywords of task %s: %w", task.Id, err)
	}
	slices.SortStableFunc(rows, func(a, b struct {
		Id         string `db:"id"`
		Normalized string `db:"normalized"`
	}) int {
		return order[a.Normalized] - order[b.Normalized]
	})
	for _, r := range rows {
		if len(m.KeywordIDs) == maxMetaKeywords {
			break
		}
		m.KeywordIDs = append(m.KeywordIDs, r.Id)
	}
	return m, nil
}

// clusterSyncer is a transport that keeps the site's clusters (the plugin).
type clusterSyncer interface {
	Clusters(ctx context.Context, siteID string, list []ClusterTerm) (ClusterMap, error)
}

// pushClusters sends the site's active clusters to a transport that keeps
// them; the answer is the plugin's cluster map.
func pushClusters(ctx context.Context, app core.App, t Transport, site *core.Record) (*ClusterMap, error) {
	cs, ok := t.(clusterSyncer)
	if !ok {
		return nil, nil
	}
	recs, err := app.FindRecordsByFilter(collections.Clusters, "site = {:s} && tenant = {:t} && status != 'archived'", "name", 5000, 0,
		dbx.Params{"s": site.Id, "t": site.GetString("tenant")})
	if err != nil {
		return nil, fmt.Errorf("clusters of site %s: %w", site.Id, err)
	}
	list := make([]ClusterTerm, 0, len(recs))
	for _, c := range recs {
		list = append(list, ClusterTerm{ID: c.Id, Name: c.GetString("name"), Keywords: c.GetInt("keyword_count")})
	}
	m, err := cs.Clusters(ctx, site.Id, list)
	if err != nil {
		return nil, fmt.Errorf("push clusters: %w", err)
	}
	return &m, nil
}
