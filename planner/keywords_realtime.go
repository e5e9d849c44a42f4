package planner

import (
	"encoding/json"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// KeywordsTopicPrefix starts the per-workspace realtime topic of bulk keyword
// writes: "igny8/keywords/<tenant id>".
const KeywordsTopicPrefix = "igny8/keywords/"

// HookKeywordsTopicSubscribe is the id of the subscribe check of that topic.
const HookKeywordsTopicSubscribe = "igny8.planner.keywordsTopicSubscribe"

// Actions of a [KeywordsChange] (the bulk routes add KeywordsArchived,
// KeywordsRestored, KeywordsDeleted and KeywordsMoved).
const (
	KeywordsImported  = "import"
	KeywordsPasted    = "paste"
	KeywordsClustered = "cluster"
)

// KeywordsTopic is tenant's bulk keyword topic.
func KeywordsTopic(tenantId string) string { return KeywordsTopicPrefix + tenantId }

// KeywordsChange is the one message a bulk keyword write sends on its
// workspace's topic (an import, a paste, a clustering job's moves), instead
// of one record event per keyword: a 100,000-row import stays one statement
// per row and one message, and the app refetches the site's keywords on it.
type KeywordsChange struct {
	Action   string `json:"action"`
	Site     string `json:"site"`
	Imported int    `json:"imported,omitempty"` // new keywords
	Updated  int    `json:"updated,omitempty"`  // existing keywords whose metrics were rewritten
	Moved    int    `json:"moved,omitempty"`    // keywords put into clusters
	Changed  int    `json:"changed,omitempty"`  // keywords a bulk action (archive, restore, delete, move) changed
}

// bindKeywordsTopic lets only members of the workspace (any role) and
// superusers subscribe to its topic. Each message is checked again against
// the receiver's current membership when it is sent (see sendKeywordsChange),
// so a member removed after subscribing hears nothing more.
func bindKeywordsTopic(app core.App) {
	app.OnRealtimeSubscribeRequest().Bind(collections.Handler(HookKeywordsTopicSubscribe, func(e *core.RealtimeSubscribeRequestEvent) error {
		for _, sub := range e.Subscriptions {
			topic, _, _ := strings.Cut(sub, "?")
			tenant, ok := strings.CutPrefix(topic, KeywordsTopicPrefix)
			if !ok {
				continue
			}
			if _, err := tenancy.Require(e.App, e.Auth, tenant, collections.RoleViewer); err != nil {
				return e.ForbiddenError("Only members of the workspace can subscribe to "+topic+".", nil)
			}
		}
		return e.Next()
	}))
}

// emitKeywordsChange sends c on tenant's topic once app's transaction commits.
func emitKeywordsChange(app core.App, tenant string, c KeywordsChange) {
	collections.AfterCommit(app, func(root core.App) { sendKeywordsChange(root, tenant, c) })
}

// sendKeywordsChange delivers c to every client subscribed to tenant's topic
// whose signed-in user is a member of tenant now (or a superuser). Delivery
// runs on its own goroutine: a client's full channel must not hold up the
// write that caused the message.
func sendKeywordsChange(app core.App, tenant string, c KeywordsChange) {
	data, err := json.Marshal(c)
	if err != nil {
		return
	}
	topic := KeywordsTopic(tenant)
	type delivery struct {
		client subscriptions.Client
		names  []string
	}
	var out []delivery
	for _, client := range app.SubscriptionsBroker().Clients() {
		subs := client.Subscriptions(topic + "?")
		if len(subs) == 0 {
			continue
		}
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		if _, err := tenancy.Require(app, auth, tenant, collections.RoleViewer); err != nil {
			continue
		}
		d := delivery{client: client}
		for name := range subs {
			d.names = append(d.names, name)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return
	}
	go func() {
		for _, d := range out {
			for _, name := range d.names {
				d.client.Send(subscriptions.Message{Name: name, Data: data})
			}
		}
	}()
}
