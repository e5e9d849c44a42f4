package planner_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

const realtimeWait = 10 * time.Second

func fixtureUser(t testing.TB, app core.App, ws, role string) *core.Record {
	t.Helper()
	u, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(ws, role))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func nextChange(t testing.TB, l *testapp.Listener, topic string) planner.KeywordsChange {
	t.Helper()
	m := l.NextMessage(t, realtimeWait)
	if m.Name != topic {
		t.Fatalf("message on %q, want %q: %s", m.Name, topic, m.Data)
	}
	var c planner.KeywordsChange
	if err := json.Unmarshal(m.Data, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// Bulk keyword writes (paste, import, clustering's moves) are SQL for speed:
// each sends ONE message on the workspace's keywords topic after it commits,
// and the cluster statistics they change arrive as the clusters' normal
// realtime update events.
func TestBulkKeywordWritesEmitRealtimeEvents(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	siteA, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	siteB, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.B))
	if err != nil {
		t.Fatal(err)
	}
	topicA, topicB := planner.KeywordsTopic(testapp.TenantId(testapp.A)), planner.KeywordsTopic(testapp.TenantId(testapp.B))
	viewerA := fixtureUser(t, app, testapp.A, collections.RoleViewer)
	keywordsA := testapp.Listen(app, viewerA, topicA)
	clustersA := testapp.Listen(app, viewerA, collections.Clusters+"/*")
	// registered straight in the broker (no subscribe check): the send-side
	// membership check alone must keep A's messages from B's owner
	ownerB := testapp.Listen(app, fixtureUser(t, app, testapp.B, collections.RoleOwner), topicA, topicB)

	lines := make([]string, 100)
	for i := range lines {
		lines[i] = "realtime paste keyword " + strings.Repeat("x", i)
	}
	if _, err := planner.ImportLines(app, siteA, lines); err != nil {
		t.Fatal(err)
	}
	if c := nextChange(t, keywordsA, topicA); c.Action != planner.KeywordsPasted || c.Site != siteA.Id || c.Imported != 100 {
		t.Fatalf("paste message %+v", c)
	}

	// the fixture keyword sits in A's cluster: its new volume changes the cluster's total
	if _, err := planner_ImportFile(app, siteA, "Keyword,Volume\nkeyword a,500\nrealtime file keyword,7\n"); err != nil {
		t.Fatal(err)
	}
	// the next topic message is the import's: the 100-row paste sent one, not one per row
	if c := nextChange(t, keywordsA, topicA); c.Action != planner.KeywordsImported || c.Imported != 1 || c.Updated != 1 {
		t.Fatalf("import message %+v", c)
	}
	m := clustersA.NextMessage(t, realtimeWait)
	var ev struct {
		Action string         `json:"action"`
		Record map[string]any `json:"record"`
	}
	json.Unmarshal(m.Data, &ev)
	if ev.Action != "update" || ev.Record["id"] != testapp.RecordId(collections.Clusters, testapp.A) || ev.Record["total_volume"] != 500.0 || ev.Record["keyword_count"] != 1.0 {
		t.Fatalf("cluster event %s: %s", m.Name, m.Data)
	}

	// clustering's moves: one topic message, and cluster updates with their counts
	recs, _, err := planner.EnqueueClustering(app, siteA, 1000, "")
	if err != nil || len(recs) == 0 {
		t.Fatalf("enqueue clustering: %v", err)
	}
	runJobs(t, app)
	if c := nextChange(t, keywordsA, topicA); c.Action != planner.KeywordsClustered || c.Moved != 101 {
		t.Fatalf("clustering message %+v", c)
	}
	counted := 0
	for counted == 0 {
		m := clustersA.NextMessage(t, realtimeWait)
		json.Unmarshal(m.Data, &ev)
		if ev.Action == "update" && ev.Record["keyword_count"].(float64) > 0 && ev.Record["id"] != testapp.RecordId(collections.Clusters, testapp.A) {
			counted++
		}
	}

	// B's owner hears B's paste and nothing of A before it
	if _, err := planner.ImportLines(app, siteB, []string{"b realtime keyword"}); err != nil {
		t.Fatal(err)
	}
	if c := nextChange(t, ownerB, topicB); c.Site != siteB.Id {
		t.Fatalf("B got %+v", c)
	}
}

// A refused import sends nothing: the message follows the commit.
func TestRefusedImportEmitsNothing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	topic := planner.KeywordsTopic(testapp.TenantId(testapp.A))
	l := testapp.Listen(app, fixtureUser(t, app, testapp.A, collections.RoleOwner), topic)
	if _, err := planner_ImportFile(app, site, "Keyword,Volume\nfine,1\nalso fine,2\n"+strings.Repeat("ragged,1,2,3\n", 30)); err == nil {
		t.Fatal("ragged file imported")
	}
	if _, err := planner.ImportLines(app, site, []string{"after the refusal"}); err != nil {
		t.Fatal(err)
	}
	if c := nextChange(t, l, topic); c.Action != planner.KeywordsPasted || c.Imported != 1 {
		t.Fatalf("first message %+v, want the paste's (the refused import must send none)", c)
	}
}
