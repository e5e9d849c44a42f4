package wpimport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Options of an import.
type Options struct {
	// Only limits the import to these kinds (AllKinds); empty = all.
	Only []string
	// DryRun runs the whole import in a transaction that is rolled back: the
	// report is the one a real run would print; nothing is written.
	DryRun bool
	// WithAPIKey imports the plugin's OpenAI key (igny8_api_key) as the
	// workspace's own AI key, encrypted at rest. Off: it is left behind.
	WithAPIKey bool
	// Actor and User say who ran it (User: the app user's id, if any).
	Actor, User string
	// Progress, if set, is called between the kinds (outside any transaction).
	Progress func(pct int, step string)
}

func (o Options) wants(k string) bool { return len(o.Only) == 0 || slices.Contains(o.Only, k) }

// errDryRun rolls the dry run's transaction back.
var errDryRun = errors.New("dry run")

// ErrSiteMismatch means the site is not the workspace's.
var ErrSiteMismatch = errors.New("the site does not belong to the workspace")

// Run imports what src holds into site. Each kind is written in a
// transaction of its own (so a job can report progress between them); the
// batch record is written first and holds the report at the end, so a run that
// fails half-way is a failed batch that --rollback removes like any other. A
// dry run is one transaction, rolled back.
func Run(ctx context.Context, app core.App, src Source, site *core.Record, opts Options) (*Report, error) {
	started := time.Now()
	im := &importer{app: app, src: src, site: site, tenant: site.GetString("tenant"), opts: opts, ctx: ctx,
		rep: &Report{DryRun: opts.DryRun, Source: src.Describe(), Skipped: []Issue{}, Notes: []Issue{}, Warnings: []string{}},
		ids: map[string]string{}, rev: map[string]string{}, natural: map[string]string{}, carried: map[string][]map[string]any{},
		srcRefs: map[string]string{}, mapArgs: dbx.Params{}, mapIds: newSeqIds(), setters: setters{}}
	if err := im.discover(); err != nil {
		return nil, err
	}
	var err error
	if opts.DryRun {
		err = app.RunInTransaction(func(tx core.App) error {
			if err := im.all(tx, nil); err != nil {
				return err
			}
			if err := im.late(tx, true); err != nil {
				return err
			}
			return errDryRun
		})
		if errors.Is(err, errDryRun) {
			err = nil
		}
		im.rep.Batch = "" // the batch record was rolled back with the rest
	} else {
		err = im.all(app, func(tx core.App, fn func(core.App) error) error { return app.RunInTransaction(fn) })
	}
	im.rep.Secs = time.Since(started).Seconds()
	im.rep.Rows = im.rows
	if err != nil {
		if im.batch != nil && !opts.DryRun {
			im.batch.Set("status", collections.ImportFailed)
			im.batch.Set("error", err.Error())
			im.saveBatch(app)
		}
		return im.rep, err
	}
	if !opts.DryRun {
		im.adopt(app)
		if err := im.late(app, false); err != nil {
			im.batch.Set("status", collections.ImportFailed)
			im.batch.Set("error", err.Error())
			im.saveBatch(app)
			return im.rep, err
		}
		im.batch.Set("status", collections.ImportSucceeded)
		if err := im.saveBatch(app); err != nil {
			return im.rep, err
		}
	}
	return im.rep, nil
}

type importer struct {
	app    core.App
	ctx    context.Context
	src    Source
	site   *core.Record
	tenant string
	opts   Options
	rep    *Report
	batch  *core.Record

	// ids maps kind|legacy id to the igny8 record (earlier batches and this
	// one); rev maps record id back to the legacy id, for hashes.
	ids, rev map[string]string
	// natural maps kind|natural key (a keyword's normalized text, a
	// schedule's type) to the record that already has it.
	natural map[string]string
	// seen maps kind|natural key to the legacy id that claimed it this run.
	seen         map[string]string
	touched      map[string]map[string]string // kind → record id → legacy id, this run
	carried      map[string][]map[string]any
	carriedBytes int

	linked   map[int64]linkedPost // WordPress posts content is linked to
	taskPost map[string]int64     // task legacy id → post id
	adopts   []adoption

	postCounts map[string]int // the plugin's posts per post type group

	stmts map[string]*dbx.Query
	rows  int

	// Buffers reused from row to row (one import runs on one goroutine):
	// the relations' legacy ids of the row being applied, its hash line, the
	// mapping row's parameters and their ids, the fields' setters.
	srcRefs map[string]string
	line    []byte
	mapArgs dbx.Params
	mapIds  *seqIds
	setters setters
}

type linkedPost struct {
	task      string // legacy id of the task (shape A) or ""
	scheduled string
	from      string // the legacy row that named it
}

type adoption struct {
	content string
	post    int64
}

// discover decides the shape and the batch's source line.
func (im *importer) discover() error {
	counts, err := im.src.postTypeCounts(im.ctx)
	if err != nil {
		return err
	}
	im.postCounts = counts
	tables := false
	for _, t := range shapeATables {
		if im.src.Has(t) {
			tables = true
		}
	}
	posts := len(counts) > 0 || im.src.Has("igny8_data")
	switch {
	case tables && posts:
		im.rep.Shape = "both"
	case tables:
		im.rep.Shape = "tables"
	case posts:
		im.rep.Shape = "posts"
	case im.src.Has("igny8_variations"):
		im.rep.Shape = "posts"
	default:
		return fmt.Errorf("%w (%s)", ErrNoLegacy, im.src.Describe())
	}
	return nil
}

// txRunner runs fn in a transaction of its own; nil means "already inside one".
type txRunner func(tx core.App, fn func(core.App) error) error

func (im *importer) all(app core.App, run txRunner) error {
	step := func(fn func(tx core.App) error) error {
		if run == nil {
			return fn(app)
		}
		return run(app, fn)
	}
	if err := step(im.begin); err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func(tx core.App) error
	}{
		{KindClusters, im.clusters}, {KindKeywords, im.keywords}, {KindIdeas, im.ideas}, {KindTasks, im.tasks},
		{KindContents, im.contents}, {KindImages, im.images}, {KindPrompts, im.prompts}, {KindPersonas, im.personas},
		{KindSchedules, im.schedules}, {KindSettings, im.settings}, {KindLinks, im.links}, {KindVariations, im.variations}, {"carried", im.carriedRows},
	}
	for i, s := range steps {
		if err := im.ctx.Err(); err != nil {
			return err
		}
		if im.opts.Progress != nil && run != nil {
			im.opts.Progress(5+90*i/len(steps), "importing "+s.name)
		}
		if err := step(func(tx core.App) error {
			defer im.closeStmts()
			if err := s.fn(tx); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			if k := kindByName(s.name); k != nil {
				if err := im.verify(tx, k); err != nil {
					return fmt.Errorf("%s: verify: %w", s.name, err)
				}
			}
			if s.name == KindKeywords || s.name == KindClusters {
				return planner.RefreshSiteClusterStats(tx, im.site.Id)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	im.rep.finish()
	return step(im.saveBatch)
}

// begin loads what earlier batches mapped and creates the batch record.
func (im *importer) begin(tx core.App) error {
	im.seen, im.touched, im.linked, im.taskPost, im.stmts = map[string]string{}, map[string]map[string]string{}, map[int64]linkedPost{}, map[string]int64{}, map[string]*dbx.Query{}
	rows, err := tx.DB().NewQuery("SELECT kind, legacy_id, record FROM {{" + collections.ImportRecords + "}} WHERE site = {:s} ORDER BY rowid").
		Bind(dbx.Params{"s": im.site.Id}).Rows()
	if err != nil {
		return fmt.Errorf("read earlier imports: %w", err)
	}
	for rows.Next() {
		var k, l, r string
		if err := rows.Scan(&k, &l, &r); err != nil {
			rows.Close()
			return err
		}
		im.ids[k+"|"+l] = r
		im.rev[r] = l
	}
	rows.Close()
	var kws []struct {
		Id         string `db:"id"`
		Normalized string `db:"normalized"`
	}
	if err := tx.DB().Select("id", "normalized").From(collections.Keywords).Where(dbx.HashExp{"site": im.site.Id}).All(&kws); err != nil {
		return fmt.Errorf("read keywords: %w", err)
	}
	for _, k := range kws {
		im.natural[KindKeywords+"|"+k.Normalized] = k.Id
	}
	var scheds []struct {
		Id   string `db:"id"`
		Type string `db:"type"`
	}
	if err := tx.DB().Select("id", "type").From(collections.Schedules).Where(dbx.HashExp{"site": im.site.Id}).All(&scheds); err != nil {
		return fmt.Errorf("read schedules: %w", err)
	}
	for _, s := range scheds {
		im.natural[KindSchedules+"|"+s.Type] = s.Id
	}
	col, err := tx.FindCollectionByNameOrId(collections.ImportBatches)
	if err != nil {
		return err
	}
	b := core.NewRecord(col)
	b.Set("tenant", im.tenant)
	b.Set("site", im.site.Id)
	b.Set("user", im.opts.User)
	b.Set("actor", im.opts.Actor)
	b.Set("source", im.src.Describe())
	b.Set("shape", im.rep.Shape)
	b.Set("status", collections.ImportRunning)
	b.Set("options", map[string]any{"only": im.opts.Only, "dryRun": im.opts.DryRun, "withApiKey": im.opts.WithAPIKey})
	if err := tx.Save(b); err != nil {
		return fmt.Errorf("create the batch: %w", err)
	}
	im.batch = b
	im.rep.Batch = b.Id
	return nil
}

func (im *importer) saveBatch(tx core.App) error {
	counts := map[string]any{}
	for _, t := range im.rep.Tables {
		counts[t.Name] = map[string]any{"source": t.Source, "imported": t.Imported, "updated": t.Updated, "unchanged": t.Unchanged,
			"skipped": t.Skipped, "carried": t.Carried, "merged": t.Merged, "sourceHash": t.SourceHash, "targetHash": t.TargetHash, "hashesMatch": t.Match}
	}
	im.batch.Set("counts", counts)
	im.batch.Set("report", im.rep)
	im.batch.Set("carried", im.carried)
	if s := im.batch.GetString("status"); s != collections.ImportRunning {
		im.batch.Set("finished", types.NowDateTime())
	}
	if err := tx.Save(im.batch); err != nil {
		return fmt.Errorf("save the batch report: %w", err)
	}
	return nil
}

func (im *importer) closeStmts() {
	for k, q := range im.stmts {
		q.Close()
		delete(im.stmts, k)
	}
}

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
