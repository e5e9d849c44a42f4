package wpimport

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// verify reads back every record this run mapped for k and hashes its mapped
// fields as stored, the other half of the validation.
func (im *importer) verify(tx core.App, k *kind) error {
	t := im.rep.table(k.name, k.collection)
	touched := im.touched[k.name]
	if len(touched) == 0 {
		return nil
	}
	col, err := tx.FindCachedCollectionByNameOrId(k.collection)
	if err != nil {
		return err
	}
	where := dbx.HashExp{"tenant": im.tenant}
	if k.siteScoped {
		where = dbx.HashExp{"site": im.site.Id}
	}
	cols := append([]string{"id"}, k.fields...)
	for i, c := range cols {
		cols[i] = "[[" + c + "]]"
	}
	rows, err := tx.DB().Select(cols...).From(col.Name).Where(where).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	// One record and one row map serve every row: only the mapped fields are
	// loaded and hashed, and each row sets all of them again.
	rec, m := core.NewRecord(col), dbx.NullStringMap{}
	legacyOf := func(_, id string) string { return im.rev[id] }
	for rows.Next() {
		if err := rows.ScanMap(m); err != nil {
			return err
		}
		legacy, ok := touched[m["id"].String]
		if !ok {
			continue
		}
		if err := loadFields(rec, col, k.fields, m); err != nil {
			return err
		}
		im.line = mappedLine(im.line, legacy, rec, k, legacyOf)
		t.dst.add(im.line)
	}
	return rows.Err()
}

// loadFields sets rec's fields named in fields from a scanned row the way
// PocketBase loads a record (recordFrom, for those fields only).
func loadFields(rec *core.Record, col *core.Collection, fields []string, m dbx.NullStringMap) error {
	for _, name := range fields {
		f := col.Fields.GetByName(name)
		if f == nil {
			continue
		}
		var raw any
		if ns, ok := m[name]; ok && ns.Valid {
			raw = ns.String
		}
		v, err := f.PrepareValue(rec, raw)
		if err != nil {
			return err
		}
		rec.SetRaw(name, v)
	}
	rec.Id = m["id"].String
	return nil
}

// recordFrom builds a record from a scanned row the way PocketBase loads one.
func recordFrom(col *core.Collection, m dbx.NullStringMap) (*core.Record, error) {
	rec := core.NewRecord(col)
	for _, f := range col.Fields {
		var raw any
		if ns, ok := m[f.GetName()]; ok && ns.Valid {
			raw = ns.String
		}
		v, err := f.PrepareValue(rec, raw)
		if err != nil {
			return nil, err
		}
		rec.SetRaw(f.GetName(), v)
	}
	rec.Id = m["id"].String
	return rec, nil
}
