package wpimport

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// sortedFields are each kind's mapped fields in the order canonical writes
// them (sorted), worked out once instead of per row.
var sortedFields = func() map[string][]string {
	out := make(map[string][]string, len(kinds))
	for _, k := range kinds {
		out[k.name] = slices.Sorted(slices.Values(k.fields))
	}
	return out
}()

// mappedLine appends to dst[:0] the line canonical renders for legacy and
// k's mapped fields of rec (mappedValue), byte for byte, written straight
// from rec: the form both hashes are computed over. Every imported row
// is hashed twice (source line, record hash) and every verified row once;
// building a map per line and sorting its keys was about a tenth of the import's
// own CPU time on 100k keywords.
func mappedLine(dst []byte, legacy string, rec *core.Record, k *kind, ref func(field, id string) string) []byte {
	dst = append(dst[:0], legacy...)
	for _, f := range sortedFields[k.name] {
		dst = append(dst, '\t')
		dst = append(dst, f...)
		dst = append(dst, '=')
		dst = appendValue(dst, mappedValue(rec, k, f, ref))
	}
	return dst
}

// mappedValue is one mapped field of rec with relations (and the record
// ids embedded in keys, "content:<id>") as ref gives them: legacy ids for the
// validation hashes, record ids for a mapping row's hash.
func mappedValue(rec *core.Record, k *kind, f string, ref func(field, id string) string) any {
	if _, ok := k.relations[f]; ok {
		return ref(f, rec.GetString(f))
	}
	if rf, ok := k.keys[f]; ok {
		if id, ok := strings.CutPrefix(rec.GetString(f), "content:"); ok {
			return "content:" + ref(rf, id)
		}
	}
	return value(rec, f)
}

// appendValue renders one mapped value for canonical: the common scalar
// kinds directly (a hash per row on both sides of 100k rows), the rest as JSON.
func appendValue(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return strconv.AppendQuote(dst, x)
	case float64:
		return strconv.AppendFloat(dst, x, 'g', -1, 64)
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case bool:
		return strconv.AppendBool(dst, x)
	default:
		j, _ := json.Marshal(x)
		return append(dst, j...)
	}
}
