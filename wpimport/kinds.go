package wpimport

import "github.com/igny8/igny8/collections"

// kind is one igny8 target of the import, and the report's table name: the
// collection, the mapped fields (written, compared on re-runs and hashed)
// and which of them point at another kind's records.
type kind struct {
	name       string
	collection string
	fields     []string
	relations  map[string]string // field → kind it points at
	// keys are text fields that embed a relation's record id
	// ("content:<id>"): field → the relation field. Hashes write the
	// relation's legacy id there instead, so they never depend on igny8's
	// record ids (the same data imported into two workspaces hashes the same).
	keys       map[string]string
	siteScoped bool
}

// Kind names (report tables, import_records.kind, --only values).
const (
	KindClusters  = "clusters"
	KindKeywords  = "keywords"
	KindIdeas     = "ideas"
	KindTasks     = "tasks"
	KindContents  = "contents"
	KindImages    = "images"
	KindPrompts   = "prompts"
	KindPersonas  = "personas"
	KindSchedules = "schedules"
	KindSettings  = "settings"
	// KindLinks are the plugin's internal links (the Linker's internal_links).
	KindLinks = "links"
	// KindMetrics are the plugin's performance figures (page_metrics, one
	// record per page and day, merging the legacy rows of that page and day).
	KindMetrics = "metrics"
	// KindVariations are the plugin's personalised rewrites (variations).
	KindVariations = "variations"
	// Kinds igny8 has no store for: their rows are kept on the batch
	// (import_batches.carried).
	KindLogs     = "logs"
	KindData     = "data"
	KindAccounts = "accounts"
)

// kinds in import order: every relation target before what points at it.
var kinds = []kind{
	{name: KindClusters, collection: collections.Clusters, siteScoped: true,
		fields: []string{"name", "description", "intent", "status", "receipts"}},
	{name: KindKeywords, collection: collections.Keywords, siteScoped: true,
		fields:    []string{"keyword", "volume", "difficulty", "cpc", "intent", "status", "cluster"},
		relations: map[string]string{"cluster": KindClusters}},
	{name: KindIdeas, collection: collections.Ideas, siteScoped: true,
		fields:    []string{"title", "cluster", "primary_keyword", "target_keywords", "content_type", "structure", "estimated_words", "intent", "status"},
		relations: map[string]string{"cluster": KindClusters}},
	{name: KindTasks, collection: collections.Tasks, siteScoped: true,
		fields:    []string{"title", "idea", "cluster", "brief", "keywords", "content_type", "tone", "status", "error"},
		relations: map[string]string{"idea": KindIdeas, "cluster": KindClusters}},
	{name: KindContents, collection: collections.Contents, siteScoped: true,
		fields:    []string{"title", "slug", "html", "status", "task", "scheduled_at"},
		relations: map[string]string{"task": KindTasks}},
	{name: KindImages, collection: collections.Images, siteScoped: true,
		fields:    []string{"content", "kind", "prompt", "alt", "position", "status", "wp_media_id", "wp_url", "model"},
		relations: map[string]string{"content": KindContents}},
	{name: KindPrompts, collection: collections.Prompts,
		fields: []string{"type", "name", "template", "system", "active"}},
	{name: KindPersonas, collection: collections.Personas,
		fields: []string{"name", "audience", "voice", "tone", "dos", "donts"}},
	{name: KindSchedules, collection: collections.Schedules, siteScoped: true,
		fields: []string{"spec", "enabled", "batch_size"}},
	{name: KindLinks, collection: collections.InternalLinks, siteScoped: true,
		fields: []string{"source_content", "source_post", "source_url", "source_key", "target_content", "target_post", "target_url", "target_key",
			"anchor", "cluster", "link_type", "priority", "status", "origin"},
		relations: map[string]string{"source_content": KindContents, "target_content": KindContents, "cluster": KindClusters},
		keys:      map[string]string{"source_key": "source_content", "target_key": "target_content"}},
	{name: KindVariations, collection: collections.Variations, siteScoped: true,
		fields:    []string{"content", "wp_post_id", "inputs", "inputs_hash", "html"},
		relations: map[string]string{"content": KindContents}},
	{name: KindMetrics, collection: collections.PageMetrics, siteScoped: true,
		fields: []string{"url", "source", "period", "period_start", "period_end", "clicks", "impressions", "ctr", "position"}},
}

// carriedKinds have no igny8 store.
var carriedKinds = []string{KindLogs, KindData, KindAccounts}

// AllKinds lists every --only value.
func AllKinds() []string {
	out := make([]string, 0, len(kinds)+1+len(carriedKinds))
	for _, k := range kinds {
		out = append(out, k.name)
	}
	out = append(out, KindSettings)
	return append(out, carriedKinds...)
}

func kindByName(name string) *kind {
	for i := range kinds {
		if kinds[i].name == name {
			return &kinds[i]
		}
	}
	return nil
}
