package wpimport

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
