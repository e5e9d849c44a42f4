package collections_test

import (
	"slices"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// TestOutlineOf reads the planner's outline shape and survives a malformed
// one (an imported or hand-edited outline) as empty.
func TestOutlineOf(t *testing.T) {
	col := core.NewBaseCollection(collections.Ideas)
	col.Fields.Add(&core.JSONField{Name: "outline"})
	idea := core.NewRecord(col)
	idea.Set("outline", map[string]any{"description": "d", "sections": []map[string]any{
		{"h2": "First", "h3": []string{"A", " "}}, {"h2": " ", "h3": []string{"B"}}, {"h2": "Second"}}})
	o := collections.OutlineOf(idea)
	if o.Description != "d" || len(o.Sections) != 3 {
		t.Fatalf("outline %+v", o)
	}
	if got := o.Headings(); !slices.Equal(got, []string{"First", "A", "B", "Second"}) {
		t.Fatalf("headings %q", got)
	}
	idea.Set("outline", map[string]any{"sections": "not a list"})
	if o := collections.OutlineOf(idea); len(o.Sections) != 0 || o.Description != "" {
		t.Fatalf("malformed outline read as %+v", o)
	}
}
