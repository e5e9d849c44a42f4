package collections

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The planner's strings and the object shapes older code wrote read alike.
func TestTaskKeywords(t *testing.T) {
	col := core.NewBaseCollection(Tasks)
	col.Fields.Add(&core.JSONField{Name: "keywords"})
	for _, c := range []struct {
		name string
		v    any
		want []string
	}{
		{"strings", []string{"cold brew", "Cold Brew ", "iced coffee"}, []string{"cold brew", "iced coffee"}},
		{"keyword objects", []map[string]string{{"keyword": "cold brew"}, {"keyword": ""}}, []string{"cold brew"}},
		{"name objects", []map[string]string{{"name": "iced coffee"}}, []string{"iced coffee"}},
		{"stored raw", types.JSONRaw(`["cold brew",{"keyword":"iced coffee"},{"name":"latte"},7]`), []string{"cold brew", "iced coffee", "latte"}},
		{"empty", nil, []string{}},
		{"not a list", "cold brew", nil},
	} {
		r := core.NewRecord(col)
		r.Set("keywords", c.v)
		if got := TaskKeywords(r); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
