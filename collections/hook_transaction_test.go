package collections_test

import (
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// TestHookTransactionKeepsRealtime: the hooks that wrap a save in their own
// transaction (a content's new version, a site's schedules, a workspace's
// opening grant, the plan limits) must leave PocketBase's after-save hooks an
// app they can still query. PocketBase broadcasts a realtime message from
// those hooks, checking the subscriber's rule with the event's app; a
// committed transaction there fails the check and the message is silently
// dropped — an edited article never reached an open editor, a new site never
// reached the Sites list.
func TestHookTransactionKeepsRealtime(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	owner, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.A, "owner"))
	if err != nil {
		t.Fatal(err)
	}
	const wait = 10 * time.Second

	t.Run("an edited content", func(t *testing.T) {
		l := testapp.Listen(app, owner, collections.Contents+"/*")
		c, err := app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, testapp.A))
		if err != nil {
			t.Fatal(err)
		}
		c.Set("html", "<p>Edited while someone watches.</p>")
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
		if topic, id := l.Next(t, wait); id != c.Id {
			t.Fatalf("message %s about %q, want the edited content %s", topic, id, c.Id)
		}
	})

	t.Run("a new site", func(t *testing.T) {
		l := testapp.Listen(app, owner, collections.Sites+"/*")
		sites, err := app.FindCollectionByNameOrId(collections.Sites)
		if err != nil {
			t.Fatal(err)
		}
		s := core.NewRecord(sites)
		s.Set("tenant", testapp.TenantId(testapp.A))
		s.Set("name", "Watched site")
		s.Set("url", "https://watched.example.com")
		if err := app.Save(s); err != nil {
			t.Fatal(err)
		}
		if topic, id := l.Next(t, wait); id != s.Id {
			t.Fatalf("message %s about %q, want the new site %s", topic, id, s.Id)
		}
	})
}
