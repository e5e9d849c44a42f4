package planner

import (
	"io"
	"strings"
	"time"

	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/pocketbase/core"
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
	RejectedRows []keywordfile.RowError `json:"rejectedRows"`
	// Warned counts accepted rows with a recognised cell that was not stored
	// (a country name where a code belongs); WarnedRows lists up to 1000.
	Warned     int                    `json:"warned"`
	WarnedRows []keywordfile.RowError `json:"warnedRows"`
	// Metrics counts the keyword_metrics records written (one per keyword
	// with search figures, for Period and Source).
	Metrics int                 `json:"metrics"`
	Period  *keywordfile.Period `json:"period,omitempty"`
	// Pages reports a pages table (Search Console's Pages.csv).
	Pages *PagesResult `json:"pages,omitempty"`
	// Archive says what a zip held and what of it was read.
	Archive *ArchiveResult `json:"archive,omitempty"`
}

// PagesResult is the pages table's part of an import.
type PagesResult struct {
	Table        string                 `json:"table,omitempty"`
	Columns      map[string]string      `json:"columns"`
	Rows         int                    `json:"rows"`
	Written      int                    `json:"written"`
	Rejected     int                    `json:"rejected"`
	RejectedRows []keywordfile.RowError `json:"rejectedRows"`
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
	Period keywordfile.Period
	// Batch > 0 writes in transactions of about Batch rows, after a read
	// that finds every fatal file error first, and calls Progress (0–100)
	// after each. 0 writes everything in one transaction.
	Batch    int
	Progress func(pct int) error
	// Now is the import day for a figures' default period (zero: today).
	Now time.Time
}

// describe fills res with what the upload and its tables are.
func describe(u *keywordfile.Upload, period keywordfile.Period, res *ImportResult) {
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
		res.Pages = &PagesResult{Table: t.Name, Columns: t.Info.ColumnHeaders(), RejectedRows: []keywordfile.RowError{}}
		if res.Source == "" {
			res.Source, res.Vendor, res.Encoding = t.Info.Vendor, t.Info.Vendor, t.Info.Encoding
		}
	}
	res.RejectedRows = []keywordfile.RowError{}
	hasFigures := u.Pages != nil || u.Keywords != nil && keywordfile.HasMetricColumns(u.Keywords.Info.Present())
	if period.Start != "" && hasFigures {
		p := period
		res.Period = &p
	}
}

// importPeriod is the period figures are filed under.
func importPeriod(u *keywordfile.Upload, opts ImportOptions) keywordfile.Period {
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
	return keywordfile.Period{Start: d, End: d, From: "import date"}
}

// ImportUpload imports an opened upload into site: its keyword table into
// keywords (and their search figures into keyword_metrics), its pages table
// into page_metrics. Without opts.Batch it is one transaction: every
// accepted row is applied or, on a fatal file error, none is. With a batch
// (the import job), every table is read through once first, so a fatal
// file error still changes nothing; the writes then commit in batches, so
// the job's progress is seen and the single writer is never held for long.
func ImportUpload(app core.App, site *core.Record, u *keywordfile.Upload, opts ImportOptions) (*ImportResult, error) {
	period := importPeriod(u, opts)
	res := &ImportResult{}
	describe(u, period, res)
	plan := writePlan{batch: opts.Batch, period: period}
	if opts.Batch > 0 {
		total := 0
		for _, t := range []*keywordfile.Table{u.Keywords, u.Pages} {
			if t == nil {
				continue
			}
			n, err := t.CountRows()
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

func importTables(app core.App, site *core.Record, u *keywordfile.Upload, plan writePlan, res *ImportResult) error {
	if t := u.Keywords; t != nil {
		p, done, err := t.Open()
		if err != nil {
			return err
		}
		err = upsertRows(app, site, p, p.Present(), "import:"+p.Vendor, res, plan.forSource(p.Vendor))
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

// writePlan says how upsertRows commits and where figures are filed.
type writePlan struct {
	batch    int                // 0: the caller's one transaction
	progress func(int) error    // rows written since the last call
	period   keywordfile.Period // the figures' period
	source   string             // the figures' source (the vendor)
}

func (w writePlan) forSource(vendor string) writePlan {
	w.source = vendor
	return w
}

// ImportFile parses r and upserts its keywords into site in one transaction:
// either every accepted row is applied or, on a fatal file error, none is.
//
// A seekable r (the route's uploaded file) that may hold more rows than the
// limit is first read through once without writing, so an oversized file is
// refused in the time it takes to parse it, not after a transaction of a
// million rows is written and rolled back.
func ImportFile(app core.App, site *core.Record, r io.Reader, opts keywordfile.ParseOptions) (*ImportResult, error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if err := keywordfile.CheckRowLimit(rs, opts); err != nil {
			return nil, err
		}
	}
	p, err := keywordfile.NewParser(r, opts)
	if err != nil {
		return nil, err
	}
	u := &keywordfile.Upload{Format: "csv", Keywords: &keywordfile.Table{Info: p}}
	period := importPeriod(u, ImportOptions{})
	res := &ImportResult{}
	describe(u, period, res)
	err = app.RunInTransaction(func(tx core.App) error {
		return upsertRows(tx, site, p, p.Present(), "import:"+p.Vendor, res, writePlan{period: period, source: p.Vendor})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ImportLines adds pasted keywords (one per line) to site; existing ones are left as they are.
func ImportLines(app core.App, site *core.Record, lines []string) (*ImportResult, error) {
	res := &ImportResult{}
	if err := upsertRows(app, site, keywordfile.NewLines(lines), nil, "paste", res, writePlan{}); err != nil {
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
func upsertRows(app core.App, site *core.Record, src keywordfile.Source, present map[string]bool, source string, res *ImportResult, plan writePlan) error {
	if res.RejectedRows == nil {
		res.RejectedRows = []keywordfile.RowError{}
	}
	if res.WarnedRows == nil {
		res.WarnedRows = []keywordfile.RowError{}
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
							res.WarnedRows = append(res.WarnedRows, keywordfile.RowError{Line: row.Line, Reason: strings.Join(row.Warnings, "; ")})
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
