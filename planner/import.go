package planner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// maxListedRejections bounds the rejected rows echoed back; the count is exact.
const maxListedRejections = 1000

// ImportResult is what an import or paste reports back.
type ImportResult struct {
	Vendor     string            `json:"vendor,omitempty"`
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
	res := &ImportResult{Vendor: p.Vendor, Encoding: p.Encoding, Delimiter: string(p.Delimiter), HeaderRow: p.HeaderRow, Columns: map[string]string{}}
	present := map[string]bool{}
	for f, i := range p.Columns {
		res.Columns[f] = p.Header[i]
		present[f] = true
	}
	if err := upsertRows(app, site, p, present, "import:"+p.Vendor, res); err != nil {
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
	if err := upsertRows(app, site, &pasteSource{lines: lines}, nil, "paste", res); err != nil {
		return nil, err
	}
	return res, nil
}

// upsertRows streams src into the keywords table inside a single transaction,
// so a fatal error anywhere applies nothing. The source is read on its own
// goroutine (see readAhead) while this one writes, each accepted row as it
// arrives: no rows are held beyond a few chunks in flight and the set of
// normalized keywords seen, which counts duplicates in the file. Only metric
// columns the source has (present) are updated on existing keywords, so a file
// without CPC never wipes CPC. Imported and updated come from the site's
// keyword count before and after: every written row is distinct, so written
// minus new rows is the number of updated ones.
func upsertRows(app core.App, site *core.Record, src rowSource, present map[string]bool, source string, res *ImportResult) error {
	res.RejectedRows = []RowError{}
	return app.RunInTransaction(func(tx core.App) error {
		before, err := countSiteKeywords(tx, site.Id)
		if err != nil {
			return err
		}
		w := newUpserter(tx, site, present, source)
		defer w.close()
		chunks, stop := readAhead(src)
		defer stop()
		seen := make(map[string]struct{}, 1024)
		written := 0
		for c := range chunks {
			for i := range c.rows {
				row := &c.rows[i]
				res.Rows++
				if row.rej != nil {
					res.Rejected++
					if len(res.RejectedRows) < maxListedRejections {
						res.RejectedRows = append(res.RejectedRows, *row.rej)
					}
					continue
				}
				if _, dup := seen[row.Normalized]; dup {
					res.Duplicates++
					continue
				}
				seen[row.Normalized] = struct{}{}
				if err := w.write(&row.Row); err != nil {
					return err
				}
				written++
			}
			if c.err != nil {
				return c.err
			}
		}
		after, err := countSiteKeywords(tx, site.Id)
		if err != nil {
			return err
		}
		res.Imported = after - before
		res.Updated = written - res.Imported
		if written > 0 {
			action := KeywordsImported
			if source == "paste" {
				action = KeywordsPasted
			}
			emitKeywordsChange(tx, site.GetString("tenant"), KeywordsChange{Action: action, Site: site.Id, Imported: res.Imported, Updated: res.Updated})
		}
		return RefreshSiteClusterStats(tx, site.Id)
	})
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
type upserter struct {
	q      *dbx.Query
	params dbx.Params
}

func newUpserter(tx core.App, site *core.Record, present map[string]bool, source string) *upserter {
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
	w := &upserter{params: make(dbx.Params, 10)}
	w.q = db.NewQuery("INSERT INTO {{" + collections.Keywords + "}} " +
		"(id,keyword,normalized,volume,volume_raw,difficulty,cpc,intent,country,language,tenant,site,source,status,cluster,created,updated) VALUES " +
		"({:id},{:k},{:n},{:v},{:vr},{:d},{:c},{:i},{:co},{:l}," +
		db.Quote(site.GetString("tenant")) + "," + db.Quote(site.Id) + "," + db.Quote(source) + ",'new',''," + now + "," + now + ")" +
		conflict).Prepare()
	w.q.Bind(w.params) // the query keeps the map; write refills it
	return w
}

func (w *upserter) write(r *Row) error {
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
		return fmt.Errorf("upsert keyword %q (row %d): %w", r.Keyword, r.Line, err)
	}
	return nil
}

func (w *upserter) close() { w.q.Close() }
