package wpimport

import "github.com/pocketbase/pocketbase/core"

// setters caches, per collection and key, what core.Record.Set(key, v) would
// run: Set looks the setter up on every call by asking each of the
// collection's fields in turn (FindSetter builds the "name+", "+name" and
// "name-" forms of its name every time), which was a tenth of the work of
// applying a row on 100k keywords. The setter found is the one Set finds, so
// the values stored are the same.
type setters map[*core.Collection]map[string]func(*core.Record, any)

// set is rec.Set(key, v).
func (s setters) set(rec *core.Record, key string, v any) {
	col := rec.Collection()
	byKey := s[col]
	if byKey == nil {
		byKey = map[string]func(*core.Record, any){}
		s[col] = byKey
	}
	fn, ok := byKey[key]
	if !ok {
		fn = setterOf(col, key)
		byKey[key] = fn
	}
	fn(rec, v)
}

// setterOf is the lookup of core.Record.Set and SetIfFieldExists for key.
func setterOf(col *core.Collection, key string) func(*core.Record, any) {
	if key == core.FieldNameExpand {
		return func(rec *core.Record, v any) { rec.Set(key, v) }
	}
	for _, field := range col.Fields {
		if ff, ok := field.(core.SetterFinder); ok {
			if setter := ff.FindSetter(key); setter != nil {
				return setter
			}
		}
		if key == field.GetName() {
			return func(rec *core.Record, v any) {
				v, _ = field.PrepareValue(rec, v)
				rec.SetRaw(key, v)
			}
		}
	}
	return func(rec *core.Record, v any) { rec.SetRaw(key, v) }
}
