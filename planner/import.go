package planner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// maxListedRejections bounds the rejected rows echoed back; the count is exact.
const maxListedRejections = 1000

// ImportResult is what an import or paste reports back.
type ImportResult struct {
	// Source is the tool the file came from (see the Vendor* constants);
	// Vendor is the same value under its first name.
	Source     string            `json:"source,omitempty"`
	Vendor     string            `json:"vendor,omitempty"`
	Format     string            `json:"format,omitempty"` // csv, zip or xlsx
	Sheet      string            `json:"sheet,omitempty"`
	Encoding   string            `json:"encoding,omitempty"`
	Delimiter  string            `json:"delimiter,omitempty"`
	HeaderRow  int               `json:"headerRow,omitempty"`
	Columns    map[string]string `json:"columns,omitempty"` // field → header it was read from
	Rows       int               `json:"rows"`
	Imported   int               `json:"imported"`
	Updated    int               `json:"updated"`
	Duplicates int               `json:"duplicates"`
	Rejected   int               `json:"rejected"`
	// RejectedRows lists up to 1000 rejections with file row number and reason.
	RejectedRows []RowError `json:"rejectedRows"`
	// Warned counts accepted rows with a recognised cell that was not stored
	// (a country name where a code belongs); WarnedRows lists up to 1000.
	Warned     int        `json:"warned"`
	WarnedRows []RowError `json:"warnedRows"`
	// Metrics counts the keyword_metrics records written (one per keyword
	// with search figures, for Period and Source).
	Metrics int     `json:"metrics"`
	Period  *Period `json:"period,omitempty"`
	// Pages reports a pages table (Search Console's Pages.csv).
	Pages *PagesResult `json:"pages,omitempty"`
	// Archive says what a zip held and what of it was read.
	Archive *ArchiveResult `json:"archive,omitempty"`
}

// PagesResult is the pages table's part of an import.
type PagesResult struct {
	Table        string            `json:"table,omitempty"`
	Columns      map[string]string `json:"columns"`
	Rows         int               `json:"rows"`
	Written      int               `json:"written"`
	Rejected     int               `json:"rejected"`
	RejectedRows []RowError        `json:"rejectedRows"`
}

// ArchiveResult lists a zip's entries, those read and those left alone.
type ArchiveResult struct {
	Entries []string `json:"entries"`
	Read    []string `json:"read"`
	Ignored []string `json:"ignored"`
}

// ImportOptions tune [ImportUpload].
type ImportOptions struct {
	// Period the search figures cover; zero takes the upload's (a Search
	// Console zip's Dates.csv) or else the import day.
	Period Period
	// Batch > 0 writes in transactions of about Batch rows, after a read
	// that finds every fatal file error first, and calls Progress (0–100)
	// after each. 0 writes everything in one transaction.
	Batch    int
	Progress func(pct int) error
	// Now is the import day for a figures' default period (zero: today).
	Now time.Time
}

// describe fills res with what the upload and its tables are.
func describe(u *Upload, period Period, res *ImportResult) {
	res.Format, res.Sheet = u.Format, u.Sheet
	if u.Entries != nil {
		res.Archive = &ArchiveResult{Entries: u.Entries, Read: u.Read, Ignored: u.Ignored()}
	}
	if t := u.Keywords; t != nil {
		p := t.Info
		res.Source, res.Vendor, res.Encoding, res.HeaderRow = p.Vendor, p.Vendor, p.Encoding, p.HeaderRow
		if p.Delimiter != 0 {
			res.Delimiter = string(p.Delimiter)
		}
		res.Columns = p.ColumnHeaders()
	}
	if t := u.Pages; t != nil {
		res.Pages = &PagesResult{Table: t.Name, Columns: t.Info.ColumnHeaders(), RejectedRows: []RowError{}}
		if res.Source == "" {
			res.Source, res.Vendor, res.Encoding = t.Info.Vendor, t.Info.Vendor, t.Info.Encoding
		}
	}
	res.RejectedRows = []RowError{}
	hasFigures := u.Pages != nil || u.Keywords != nil && hasMetricColumns(u.Keywords.Info.present())
	if period.Start != "" && hasFigures {
		p := period
		res.Period = &p
	}
}

// ColumnHeaders maps each field the table has to the header it is read from.
func (p *Parser) ColumnHeaders() map[string]string {
	out := map[string]string{}
	for f, i := range p.Columns {
		out[f] = strings.TrimSpace(p.Header[i])
	}
	return out
}

// present is the set of fields a table has.
func (p *Parser) present() map[string]bool {
	out := map[string]bool{}
	for f := range p.Columns {
		out[f] = true
	}
	return out
}

// importPeriod is the period figures are filed under.
func importPeriod(u *Upload, opts ImportOptions) Period {
	switch {
	case opts.Period.Start != "":
		return opts.Period
	case u.Period.Start != "":
		return u.Period
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	d := now.UTC().Format(time.DateOnly)
	return Period{Start: d, End: d, From: "import date"}
}

// ImportUpload imports an opened upload into site: its keyword table into
// keywords (and their search figures into keyword_metrics), its pages table
// into page_metrics. Without opts.Batch it is one transaction: every
// accepted row is applied or, on a fatal file error, none is. With a batch
// (the import job), every table is read through once first, so a fatal
// file error still changes nothing; the writes then commit in batches, so
// the job's progress is seen and the single writer is never held for long.
func ImportUpload(app core.App, site *core.Record, u *Upload, opts ImportOptions) (*ImportResult, error) {
	period := importPeriod(u, opts)
	res := &ImportResult{}
	describe(u, period, res)
	plan := writePlan{batch: opts.Batch, period: period}
	if opts.Batch > 0 {
		total := 0
		for _, t := range []*Table{u.Keywords, u.Pages} {
			if t == nil {
				continue
			}
			n, err := countRows(t)
			if err != nil {
				return nil, err
			}
			total += n
		}
		done := 0
		report := func(rows int) error {
			done += rows
			if opts.Progress == nil || total == 0 {
				return nil
			}
			return opts.Progress(5 + 95*min(done, total)/total)
		}
		plan.progress = report
		if err := report(0); err != nil {
			return nil, err
		}
		if err := importTables(app, site, u, plan, res); err != nil {
			return nil, err
		}
		return res, nil
	}
	err := app.RunInTransaction(func(tx core.App) error {
		return importTables(tx, site, u, plan, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func importTables(app core.App, site *core.Record, u *Upload, plan writePlan, res *ImportResult) error {
	if t := u.Keywords; t != nil {
		p, done, err := t.Open()
		if err != nil {
			return err
		}
		err = upsertRows(app, site, p, p.present(), "import:"+p.Vendor, res, plan.forSource(p.Vendor))
		done()
		if err != nil {
			return err
		}
	}
	if t := u.Pages; t != nil {
		p, done, err := t.Open()
		if err != nil {
			return err
		}
		err = upsertPages(app, site, p, res.Pages, plan.forSource(p.Vendor))
		done()
		if err != nil {
			return err
		}
	}
	return nil
}

// countRows reads a table through without writing: its row count, or the
// fatal error that would end its import.
func countRows(t *Table) (int, error) {
	p, done, err := t.Open()
	if err != nil {
		return 0, err
	}
	defer done()
	n := 0
	for {
		if _, _, err := p.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return 0, err
		}
		n++
	}
}

// writePlan says how upsertRows commits and where figures are filed.
type writePlan struct {
	batch    int             // 0: the caller's one transaction
	progress func(int) error // rows written since the last call
	period   Period          // the figures' period
	source   string          // the figures' source (the vendor)
}

func (w writePlan) forSource(vendor string) writePlan {
	w.source = vendor
	return w
}

// rowSource is a stream of rows: the file parser or a pasted list.
type rowSource interface {
	Next() (Row, *RowError, error)
}

// ImportFile parses r and upserts its keywords into site in one transaction:
// either every accepted row is applied or, on a fatal file error, none is.
//
// A seekable r (the route's uploaded file) that may hold more rows than the
// limit is first read through once without writing, so an oversized file is
// refused in the time it takes to parse it, not after a transaction of a
// million rows is written and rolled back.
func ImportFile(app core.App, site *core.Record, r io.Reader, opts ParseOptions) (*ImportResult, error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if err := checkRowLimit(rs, opts); err != nil {
			return nil, err
		}
	}
	p, err := NewParser(r, opts)
	if err != nil {
		return nil, err
	}
	u := &Upload{Format: "csv", Keywords: &Table{Info: p}}
	period := importPeriod(u, ImportOptions{})
	res := &ImportResult{}
	describe(u, period, res)
	err = app.RunInTransaction(func(tx core.App) error {
		return upsertRows(tx, site, p, p.present(), "import:"+p.Vendor, res, writePlan{period: period, source: p.Vendor})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkRowLimit refuses rs before anything is written when it has more rows
// than the limit, and leaves rs at its start. Counting newline bytes first
// (cheap) bounds the number of lines, hence of rows, in any of the encodings
// decode reads, so files under the limit in lines skip the parse; only a file
// with more lines than the limit is parsed once without writing (a quoted
// field over several lines or blank lines may still keep it under).
func checkRowLimit(rs io.ReadSeeker, opts ParseOptions) error {
	opts = opts.withDefaults()
	lines, err := countNewlines(rs)
	if err == nil && lines > opts.MaxRows {
		err = scanAll(rs, opts)
	}
	if _, serr := rs.Seek(0, io.SeekStart); serr != nil && err == nil {
		err = fmt.Errorf("rewind the file: %w", serr)
	}
	return err
}

func countNewlines(rs io.ReadSeeker) (int, error) {
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("rewind the file: %w", err)
	}
	buf := make([]byte, 64<<10)
	n := 0
	for {
		k, err := rs.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return 0, fmt.Errorf("read file: %w", err)
		}
	}
}

// scanAll reads every row of rs and returns the first fatal error, if any.
func scanAll(rs io.ReadSeeker, opts ParseOptions) error {
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind the file: %w", err)
	}
	p, err := NewParser(rs, opts)
	if err != nil {
		return err
	}
	for {
		if _, _, err := p.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// pasteSource turns pasted lines into rows (keyword only; blank lines skipped).
type pasteSource struct {
	lines []string
	i     int
}

func (s *pasteSource) Next() (Row, *RowError, error) {
	for s.i < len(s.lines) {
		s.i++
		kw, n, reason := cleanKeyword(s.lines[s.i-1])
		switch reason {
		case "":
			return Row{Line: s.i, Keyword: kw, Normalized: n}, nil, nil
		case reasonKeywordEmpty:
			continue
		default:
			return Row{}, &RowError{Line: s.i, Reason: reason}, nil
		}
	}
	return Row{}, nil, io.EOF
}

// ImportLines adds pasted keywords (one per line) to site; existing ones are left as they are.
func ImportLines(app core.App, site *core.Record, lines []string) (*ImportResult, error) {
	res := &ImportResult{}
	if err := upsertRows(app, site, &pasteSource{lines: lines}, nil, "paste", res, writePlan{}); err != nil {
		return nil, err
	}
	return res, nil
}

// upsertRows streams src into the keywords table. The source is read on its
// own goroutine (see readAhead) while this one writes, each accepted row as
// it arrives: no rows are held beyond a few chunks in flight and the set of
// normalized keywords seen, which counts duplicates in the file. Only metric
// columns the source has (present) are updated on existing keywords, so a file
// without CPC never wipes CPC. Imported and updated come from the site's
// keyword count before and after: every written row is distinct, so written
// minus new rows is the number of updated ones.
//
// Without plan.batch everything is one transaction (app's, when app is one),
// so a fatal error anywhere applies nothing; with it each batch commits on
// its own (the caller has checked the file first) and plan.progress is told.
func upsertRows(app core.App, site *core.Record, src rowSource, present map[string]bool, source string, res *ImportResult, plan writePlan) error {
	if res.RejectedRows == nil {
		res.RejectedRows = []RowError{}
	}
	if res.WarnedRows == nil {
		res.WarnedRows = []RowError{}
	}
	chunks, stop := readAhead(src)
	defer stop()
	seen := make(map[string]struct{}, 1024)
	total := 0
	for {
		more, batchRows := false, 0
		err := app.RunInTransaction(func(tx core.App) error {
			before, err := countSiteKeywords(tx, site.Id)
			if err != nil {
				return err
			}
			w := newUpserter(tx, site, present, source, plan)
			defer w.close()
			written, rows := 0, 0
			for c := range chunks {
				for i := range c.rows {
					row := &c.rows[i]
					res.Rows++
					rows++
					if row.rej != nil {
						res.Rejected++
						if len(res.RejectedRows) < maxListedRejections {
							res.RejectedRows = append(res.RejectedRows, *row.rej)
						}
						continue
					}
					if len(row.Warnings) > 0 {
						res.Warned++
						if len(res.WarnedRows) < maxListedRejections {
							res.WarnedRows = append(res.WarnedRows, RowError{Line: row.Line, Reason: strings.Join(row.Warnings, "; ")})
						}
					}
					if _, dup := seen[row.Normalized]; dup {
						res.Duplicates++
						continue
					}
					seen[row.Normalized] = struct{}{}
					n, err := w.write(&row.Row)
					if err != nil {
						return err
					}
					res.Metrics += n
					written++
				}
				if c.err != nil {
					return c.err
				}
				if plan.batch > 0 && rows >= plan.batch {
					more = true
					break
				}
			}
			after, err := countSiteKeywords(tx, site.Id)
			if err != nil {
				return err
			}
			res.Imported += after - before
			res.Updated += written - (after - before)
			total += written
			batchRows = rows
			if more {
				return nil
			}
			if total > 0 {
				action := KeywordsImported
				if source == "paste" {
					action = KeywordsPasted
				}
				emitKeywordsChange(tx, site.GetString("tenant"), KeywordsChange{Action: action, Site: site.Id, Imported: res.Imported, Updated: res.Updated})
			}
			if res.Metrics > 0 {
				if err := refreshLatestMetrics(tx, site.Id); err != nil {
					return err
				}
			}
			return RefreshSiteClusterStats(tx, site.Id)
		})
		if err == nil && plan.progress != nil {
			// after the commit: the job's progress is a write of its own
			err = plan.progress(batchRows)
		}
		if err != nil || !more {
			return err
		}
	}
}

// readAheadChunk is how many rows the reader hands over at a time;
// readAheadDepth how many chunks may wait, so at most about
// (depth+2)*chunk rows are in memory.
const (
	readAheadChunk = 256
	readAheadDepth = 4
)

type parsedRow struct {
	Row
	rej *RowError
}

// chunk is a run of rows in file order; err, if set, is the fatal error
// that ended the source after these rows.
type chunk struct {
	rows []parsedRow
	err  error
}

// readAhead reads src on a goroutine so parsing overlaps the database writes.
// The channel closes after the last chunk (the one with err, if src failed).
// stop must be called; it ends the reader early when the writer gives up.
func readAhead(src rowSource) (<-chan chunk, func()) {
	out := make(chan chunk, readAheadDepth)
	done := make(chan struct{})
	go func() {
		defer close(out)
		c := chunk{rows: make([]parsedRow, 0, readAheadChunk)}
		for {
			row, rej, err := src.Next()
			end := err != nil
			if !end {
				c.rows = append(c.rows, parsedRow{Row: row, rej: rej})
			} else if !errors.Is(err, io.EOF) {
				c.err = err
			}
			if end || len(c.rows) == readAheadChunk {
				select {
				case out <- c:
				case <-done:
					return
				}
				if end {
					return
				}
				c = chunk{rows: make([]parsedRow, 0, readAheadChunk)}
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(done) })
		for range out { // wait for the reader to finish with src
		}
	}
}

func countSiteKeywords(tx core.App, siteId string) (int, error) {
	var n int
	if err := tx.DB().Select("COUNT(*)").From(collections.Keywords).Where(dbx.HashExp{"site": siteId}).Row(&n); err != nil {
		return 0, fmt.Errorf("count keywords: %w", err)
	}
	return n, nil
}

// upserter writes rows one at a time with a single prepared upsert. Values
// that are the same for the whole import (tenant, site, source, status,
// cluster, timestamps) are literals in the statement, so only the ten
// per-row values are bound, from one reused parameter map. One row per
// statement is deliberate: a multi-row upsert makes SQLite keep a statement
// journal (it may have to undo part of the statement), which measured 60 %
// slower than single-row statements with the pure-Go driver.
//
// A table with search figures has a second statement, the keyword's
// keyword_metrics record for the import's source and period, found by the
// keyword's normalized text (the first statement may have inserted it or
// left an existing one). Re-importing the same period overwrites that
// period's figures; another period adds a record.
type upserter struct {
	q, m   *dbx.Query
	params dbx.Params
	mp     dbx.Params
}

func newUpserter(tx core.App, site *core.Record, present map[string]bool, source string, plan writePlan) *upserter {
	db := tx.DB()
	now := db.Quote(types.NowDateTime().String())
	set := []string{"updated=excluded.updated"}
	if present[FieldVolume] {
		set = append(set, "volume=excluded.volume", "volume_raw=excluded.volume_raw")
	}
	for _, f := range []string{FieldDifficulty, FieldCPC, FieldIntent, FieldCountry, FieldLanguage} {
		if present[f] {
			set = append(set, f+"=excluded."+f)
		}
	}
	conflict := " ON CONFLICT(site, normalized) DO NOTHING"
	if len(set) > 1 {
		conflict = " ON CONFLICT(site, normalized) DO UPDATE SET " + strings.Join(set, ",")
	}
	tenant, siteId := db.Quote(site.GetString("tenant")), db.Quote(site.Id)
	w := &upserter{params: make(dbx.Params, 10)}
	w.q = db.NewQuery("INSERT INTO {{" + collections.Keywords + "}} " +
		"(id,keyword,normalized,volume,volume_raw,difficulty,cpc,intent,country,language,tenant,site,source,status,cluster,created,updated) VALUES " +
		"({:id},{:k},{:n},{:v},{:vr},{:d},{:c},{:i},{:co},{:l}," +
		tenant + "," + siteId + "," + db.Quote(source) + ",'new',''," + now + "," + now + ")" +
		conflict).Prepare()
	w.q.Bind(w.params) // the query keeps the map; write refills it
	if hasMetricColumns(present) && plan.period.Start != "" {
		w.mp = make(dbx.Params, 6)
		w.m = db.NewQuery("INSERT INTO {{" + collections.KeywordMetrics + "}} " +
			"(id,tenant,site,keyword,source,period,period_start,period_end,clicks,impressions,ctr,position,created,updated) " +
			"SELECT {:id}," + tenant + "," + siteId + ",k.id," + db.Quote(plan.source) + "," + db.Quote(plan.period.Key()) + "," +
			db.Quote(periodDate(plan.period.Start)) + "," + db.Quote(periodDate(plan.period.End)) + ",{:cl},{:im},{:ctr},{:pos}," + now + "," + now +
			" FROM {{" + collections.Keywords + "}} k WHERE k.site = " + siteId + " AND k.normalized = {:n}" +
			" ON CONFLICT(keyword, source, period) DO UPDATE SET clicks=excluded.clicks, impressions=excluded.impressions," +
			" ctr=excluded.ctr, position=excluded.position, updated=excluded.updated").Prepare()
		w.m.Bind(w.mp)
	}
	return w
}

// hasMetricColumns reports whether a table has any search-figure column.
func hasMetricColumns(present map[string]bool) bool {
	for _, f := range MetricFields {
		if present[f] {
			return true
		}
	}
	return false
}

// periodDate is a YYYY-MM-DD day as PocketBase stores dates.
func periodDate(day string) string { return day + " 00:00:00.000Z" }

// write upserts one row and reports how many keyword_metrics records it wrote.
func (w *upserter) write(r *Row) (int, error) {
	w.params["id"] = core.GenerateDefaultRandomId()
	w.params["k"] = r.Keyword
	w.params["n"] = r.Normalized
	w.params["v"] = r.Volume
	w.params["vr"] = r.VolumeRaw
	w.params["d"] = r.Difficulty
	w.params["c"] = r.CPC
	w.params["i"] = r.Intent
	w.params["co"] = r.Country
	w.params["l"] = r.Language
	if _, err := w.q.Execute(); err != nil {
		return 0, fmt.Errorf("upsert keyword %q (row %d): %w", r.Keyword, r.Line, err)
	}
	if w.m == nil || !r.HasMetrics() {
		return 0, nil
	}
	w.mp["id"] = core.GenerateDefaultRandomId()
	w.mp["n"] = r.Normalized
	w.mp["cl"] = r.Clicks
	w.mp["im"] = r.Impressions
	w.mp["ctr"] = r.CTR
	w.mp["pos"] = r.Position
	if _, err := w.m.Execute(); err != nil {
		return 0, fmt.Errorf("store the search figures of %q (row %d): %w", r.Keyword, r.Line, err)
	}
	return 1, nil
}

func (w *upserter) close() {
	w.q.Close()
	if w.m != nil {
		w.m.Close()
	}
}

// refreshLatestMetrics copies each keyword's latest figures (the period that
// ends last; on a tie, the record written last) from keyword_metrics onto the
// keyword, for every keyword of the site that has any.
func refreshLatestMetrics(tx core.App, siteId string) error {
	_, err := tx.DB().NewQuery("UPDATE {{" + collections.Keywords + "}} SET clicks=m.clicks, impressions=m.impressions, ctr=m.ctr," +
		" position=m.position, metrics_source=m.source, metrics_period=m.period FROM (" +
		"SELECT keyword, clicks, impressions, ctr, position, source, period, ROW_NUMBER() OVER (PARTITION BY keyword" +
		" ORDER BY period_end DESC, updated DESC, id DESC) AS n FROM {{" + collections.KeywordMetrics + "}} WHERE site = {:site}) m" +
		" WHERE m.n = 1 AND {{" + collections.Keywords + "}}.id = m.keyword").Bind(dbx.Params{"site": siteId}).Execute()
	if err != nil {
		return fmt.Errorf("copy the latest search figures onto the keywords: %w", err)
	}
	return nil
}
