package wpimport

import (
	"encoding/json"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// TestSettersAsRecordSet: a value set through the cached setters is stored
// exactly as core.Record.Set stores it, for each field type a kind writes
// (text, number, select, relation, JSON, bool, date) and for a key that is no
// field, on the first call (lookup) and the next (cache).
func TestSettersAsRecordSet(t *testing.T) {
	col := core.NewBaseCollection("kw")
	col.Fields.Add(
		&core.TextField{Name: "keyword"},
		&core.NumberField{Name: "volume"},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"new", "clustered"}},
		&core.SelectField{Name: "tags", MaxSelect: 3, Values: []string{"a", "b"}},
		&core.RelationField{Name: "cluster", CollectionId: "x", MaxSelect: 1},
		&core.RelationField{Name: "clusters", CollectionId: "x", MaxSelect: 5},
		&core.JSONField{Name: "receipts"},
		&core.BoolField{Name: "active"},
		&core.DateField{Name: "next_run"},
	)
	rows := []map[string]any{
		{"keyword": "  Blue Widget ", "volume": 12.5, "status": "clustered", "tags": []string{"a", "b"}, "cluster": "abc",
			"clusters": []string{"a", "b"}, "receipts": map[string]any{"wp_plugin": map[string]any{"a": "b"}}, "active": "true",
			"next_run": "2024-01-02 03:04:05", "nofield": 3},
		{"keyword": 7, "volume": "x", "status": []string{"new"}, "tags": "a", "cluster": []string{"a", "b"}, "clusters": "c",
			"receipts": nil, "active": 1, "next_run": "0000-00-00", "nofield": "y"},
		{"keyword": nil, "volume": nil, "status": nil, "tags": nil, "cluster": nil, "clusters": nil, "receipts": "[1,2]", "active": nil, "next_run": nil},
	}
	s := setters{}
	for i, vs := range rows {
		for pass := range 2 {
			want, got := core.NewRecord(col), core.NewRecord(col)
			for k, v := range vs {
				want.Set(k, v)
				s.set(got, k, v)
			}
			w, _ := json.Marshal(want.FieldsData())
			g, _ := json.Marshal(got.FieldsData())
			if string(w) != string(g) || want.Get("nofield") != got.Get("nofield") {
				t.Fatalf("row %d pass %d: set %s (nofield %v), Record.Set %s (nofield %v)", i, pass, g, got.Get("nofield"), w, want.Get("nofield"))
			}
		}
	}
}
