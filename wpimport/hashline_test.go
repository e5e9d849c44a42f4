package wpimport

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// TestMappedLineIsCanonical: mappedLine writes exactly what canonical writes
// for a map of the same mapped values (the form of the hashes stored on
// earlier batches' mapping rows, which a rollback compares), relations and
// "content:<id>" keys through ref, for every kind's fields in sorted order.
func TestMappedLineIsCanonical(t *testing.T) {
	for _, k := range kinds {
		col := core.NewBaseCollection(k.collection)
		for _, f := range k.fields {
			col.Fields.Add(&core.TextField{Name: f})
		}
		col.Fields.Add(&core.NumberField{Name: "n"}, &core.JSONField{Name: "j"})
		rec := core.NewRecord(col)
		for i, f := range k.fields {
			rec.Set(f, "v\t\"é\" "+f+string(rune('a'+i)))
		}
		for f, rf := range k.keys {
			rec.Set(f, "content:rec"+rf)
		}
		ref := func(f, id string) string { return "legacy:" + f + ":" + id }
		want := map[string]any{}
		for _, f := range k.fields {
			want[f] = mappedValue(rec, &k, f, ref)
		}
		var buf []byte
		for range 2 { // the reused buffer gives the same line
			buf = mappedLine(buf, "igny8_x#7", rec, &k, ref)
			if w := canonical("igny8_x#7", want); string(buf) != string(w) {
				t.Fatalf("%s: mappedLine\n%s\ncanonical\n%s", k.name, buf, w)
			}
		}
	}
	for _, v := range []any{nil, "a\"b", 1.5, 3, true, map[string]any{"b": 1, "a": []any{"x"}}} {
		if got, want := string(appendValue([]byte("x"), v)), "x"+string(canonical("", map[string]any{"f": v}))[3:]; got != want {
			t.Errorf("appendValue(%v) = %s, canonical %s", v, got, want)
		}
	}
}
