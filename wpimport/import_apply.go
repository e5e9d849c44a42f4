package wpimport

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// item is one legacy row transformed for its kind.
type item struct {
	legacy  string
	values  map[string]any
	refs    map[string]string // relation field → legacy id of the target
	natural string
	created time.Time
	extra   map[string]any
}

// apply writes one item: created, updated (only the fields that differ) or
// left unchanged, and maps it. A value igny8's schema refuses skips the row
// with the field's own validation message; nothing is truncated.
func (im *importer) apply(tx core.App, k *kind, t *Table, it *item) (string, error) {
	col, err := tx.FindCachedCollectionByNameOrId(k.collection)
	if err != nil {
		return "", err
	}
	rec := core.NewRecord(col)
	im.setters.set(rec, "tenant", im.tenant)
	if k.siteScoped {
		im.setters.set(rec, "site", im.site.Id)
	}
	for f, v := range it.values {
		im.setters.set(rec, f, v)
	}
	srcRefs := im.srcRefs
	clear(srcRefs)
	for f, ref := range it.refs {
		id := ""
		if ref != "" {
			id = im.ids[k.relations[f]+"|"+ref]
			if id == "" {
				im.rep.note(t, it.legacy, fmt.Sprintf("%s points at %s, which was not imported: left empty", f, ref))
			}
		}
		im.setters.set(rec, f, id)
		if id != "" {
			srcRefs[f] = ref
		} else {
			srcRefs[f] = ""
		}
	}
	for _, f := range k.fields {
		fld := col.Fields.GetByName(f)
		if fld == nil || fld.Type() == core.FieldTypeRelation {
			continue
		}
		if err := fld.ValidateValue(im.ctx, tx, rec); err != nil {
			im.rep.skip(t, it.legacy, fmt.Sprintf("%s: %s", f, validationText(err, rec.Get(f))))
			return "", nil
		}
	}
	if it.natural != "" {
		nk := k.name + "|" + it.natural
		if other, dup := im.seen[nk]; dup {
			im.rep.skip(t, it.legacy, fmt.Sprintf("duplicate of %s (%s)", other, it.natural))
			return "", nil
		}
		im.seen[nk] = it.legacy
	}
	id := im.ids[k.name+"|"+it.legacy]
	if id == "" && it.natural != "" {
		id = im.natural[k.name+"|"+it.natural]
	}
	var cur *core.Record
	if id != "" {
		if cur, err = tx.FindRecordById(col, id); err != nil {
			cur = nil // deleted in igny8 since: create it again
		}
	}
	if cur == nil && k.name == KindSchedules {
		im.rep.skip(t, it.legacy, fmt.Sprintf("igny8 has no %q schedule for the site", it.natural))
		return "", nil
	}
	im.line = mappedLine(im.line, it.legacy, rec, k, func(f, _ string) string { return srcRefs[f] })
	t.src.add(im.line)
	action := ""
	var before map[string]any
	if cur == nil {
		rec.Id = core.GenerateDefaultRandomId()
		now := types.NowDateTime()
		created := now
		if !it.created.IsZero() {
			created, _ = types.ParseDateTime(it.created)
		}
		if col.Fields.GetByName("created") != nil {
			rec.SetRaw("created", created)
			rec.SetRaw("updated", now)
		}
		if err := im.insert(tx, col, rec); err != nil {
			return "", fmt.Errorf("insert %s %s: %w", k.name, it.legacy, err)
		}
		id, action = rec.Id, collections.ImportCreated
		t.Imported++
	} else {
		changed := map[string]any{}
		before = map[string]any{}
		for _, f := range k.fields {
			nv, ov := value(rec, f), value(cur, f)
			if !sameValue(nv, ov) {
				before[f] = ov
				changed[f] = rec.Get(f)
				cur.Set(f, rec.Get(f))
			}
		}
		if len(changed) == 0 {
			t.Unchanged++
		} else {
			if err := im.update(tx, col, cur, changed); err != nil {
				return "", fmt.Errorf("update %s %s: %w", k.name, it.legacy, err)
			}
			action = collections.ImportUpdated
			t.Updated++
		}
		rec = cur
	}
	im.ids[k.name+"|"+it.legacy] = id
	im.rev[id] = it.legacy
	if it.natural != "" {
		im.natural[k.name+"|"+it.natural] = id
	}
	if im.touched[k.name] == nil {
		im.touched[k.name] = map[string]string{}
	}
	im.touched[k.name][id] = it.legacy
	if action != "" {
		im.line = mappedLine(im.line, "", rec, k, recordIds)
		if err := im.mapRecord(tx, k, it, id, action, before, lineHash(im.line)); err != nil {
			return "", err
		}
	}
	return id, nil
}

// recordHash is the hash of rec's mapped fields as stored (relations as
// record ids): what a rollback compares to tell an edited record.
func recordHash(rec *core.Record, k *kind) string {
	return lineHash(mappedLine(nil, "", rec, k, recordIds))
}

// recordIds is the ref of recordHash: relations as the record ids stored.
func recordIds(_, id string) string { return id }

// value returns a field's value in a comparable, JSON-ready form.
func value(rec *core.Record, f string) any {
	switch v := rec.Get(f).(type) {
	case types.JSONRaw:
		if len(v) == 0 {
			return nil
		}
		var x any
		if json.Unmarshal(v, &x) != nil {
			return string(v)
		}
		return x
	case types.DateTime:
		return v.String()
	default:
		return v
	}
}

func sameValue(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// validationText turns a field validation error into words for the report.
func validationText(err error, v any) string {
	msg := err.Error()
	if s, ok := v.(string); ok {
		msg += fmt.Sprintf(" (%d characters)", len([]rune(s)))
	}
	return msg
}

func (im *importer) insert(tx core.App, col *core.Collection, rec *core.Record) error {
	exp, err := rec.DBExport(tx)
	if err != nil {
		return err
	}
	q := im.stmts["insert:"+col.Name]
	if q == nil {
		cols := make([]string, 0, len(exp))
		for c := range exp {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		marks := make([]string, len(cols))
		quoted := make([]string, len(cols))
		for i, c := range cols {
			marks[i] = "{:" + c + "}"
			quoted[i] = "[[" + c + "]]"
		}
		q = tx.DB().NewQuery("INSERT INTO {{" + col.Name + "}} (" + strings.Join(quoted, ",") + ") VALUES (" + strings.Join(marks, ",") + ")").Prepare()
		im.stmts["insert:"+col.Name] = q
	}
	_, err = q.Bind(dbx.Params(exp)).Execute()
	im.rows++
	return err
}

func (im *importer) update(tx core.App, col *core.Collection, rec *core.Record, changed map[string]any) error {
	exp, err := rec.DBExport(tx)
	if err != nil {
		return err
	}
	set := dbx.Params{}
	for f := range changed {
		set[f] = exp[f]
	}
	if col.Fields.GetByName("updated") != nil {
		set["updated"] = types.NowDateTime().String()
	}
	_, err = tx.DB().Update(col.Name, set, dbx.HashExp{"id": rec.Id}).Execute()
	im.rows++
	return err
}

func (im *importer) mapRecord(tx core.App, k *kind, it *item, record, action string, before, hash any) error {
	q := im.stmts["map"]
	if q == nil {
		q = tx.DB().NewQuery("INSERT INTO {{" + collections.ImportRecords + "}} ([[id]],[[tenant]],[[site]],[[batch]],[[kind]],[[legacy_id]],[[collection]],[[record]],[[action]],[[before]],[[hash]],[[extra]]) " +
			"VALUES ({:id},{:tenant},{:site},{:batch},{:kind},{:legacy},{:collection},{:record},{:action},{:before},{:hash},{:extra})").Prepare()
		im.stmts["map"] = q
	}
	b, _ := json.Marshal(before)
	if before == nil {
		b = []byte("null")
	}
	e, _ := json.Marshal(it.extra)
	if it.extra == nil {
		e = []byte("null")
	}
	p := im.mapArgs
	p["id"], p["tenant"], p["site"], p["batch"] = im.mapIds.next(), im.tenant, im.site.Id, im.batch.Id
	p["kind"], p["legacy"], p["collection"], p["record"], p["action"] = k.name, it.legacy, k.collection, record, action
	p["before"], p["hash"], p["extra"] = string(b), hash, string(e)
	_, err := q.Bind(p).Execute()
	im.rows++
	if err != nil {
		return fmt.Errorf("map %s %s: %w", k.name, it.legacy, err)
	}
	return nil
}
