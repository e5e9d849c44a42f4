package collections_test

import (
	"errors"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// A bound handler is found (and removed) by its id.
func TestHandler(t *testing.T) {
	var h hook.Hook[*hook.Event]
	stop := errors.New("ran")
	h.Bind(collections.Handler("igny8_test", func(*hook.Event) error { return stop }))
	if err := h.Trigger(&hook.Event{}); !errors.Is(err, stop) {
		t.Fatalf("trigger: %v", err)
	}
	h.Unbind("igny8_test")
	if h.Length() != 0 {
		t.Fatalf("%d handlers left after unbinding the id", h.Length())
	}
}
