package testapp

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// Listener is a realtime client registered directly in the app's broker, with
// the same auth state a signed-in SSE connection would have.
type Listener struct {
	client   *subscriptions.DefaultClient
	messages chan subscriptions.Message
}

// BindRealtime binds PocketBase's realtime record events to app (the router
// does this on serve); call it once per app before creating listeners.
func BindRealtime(t testing.TB, app core.App) {
	t.Helper()
	if _, err := apis.NewRouter(app); err != nil {
		t.Fatalf("bind realtime: %v", err)
	}
}

// Listen subscribes auth (nil for anonymous) to topics.
func Listen(app core.App, auth *core.Record, topics ...string) *Listener {
	c := subscriptions.NewDefaultClient()
	if auth != nil {
		c.Set(apis.RealtimeClientAuthKey, auth)
	}
	c.Subscribe(topics...)
	l := &Listener{client: c, messages: make(chan subscriptions.Message, 256)}
	go func() {
		for m := range c.Channel() {
			l.messages <- m
		}
	}()
	app.SubscriptionsBroker().Register(c)
	return l
}

// Next returns the next message's topic and record id, or fails t after wait.
func (l *Listener) Next(t testing.TB, wait time.Duration) (topic, recordId string) {
	t.Helper()
	select {
	case m := <-l.messages:
		var body struct {
			Record struct {
				Id string `json:"id"`
			} `json:"record"`
		}
		_ = json.Unmarshal(m.Data, &body)
		return m.Name, body.Record.Id
	case <-time.After(wait):
		t.Fatalf("no realtime message within %s", wait)
		return "", ""
	}
}

// NextMessage returns the next message whole (topic and JSON data), or fails t after wait.
func (l *Listener) NextMessage(t testing.TB, wait time.Duration) subscriptions.Message {
	t.Helper()
	select {
	case m := <-l.messages:
		return m
	case <-time.After(wait):
		t.Fatalf("no realtime message within %s", wait)
		return subscriptions.Message{}
	}
}
