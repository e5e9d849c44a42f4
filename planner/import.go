package planner

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// importBatch is how many rows go into one multi-row upsert statement.
const importBatch = 400

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
func ImportFile(app core.App, site *core.Record, r io.Reader, opts ParseOptions) (*ImportResult, error) {
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

// pasteSource turns pasted lines into rows (keyword only; blank lines skipped).
type pasteSource struct {
	lines []string
	i     int
}

func (s *pasteSource) Next() (Row, *RowError, error) {
	for s.i < len(s.lines) {
		s.i++
		kw := cleanText(s.lines[s.i-1])
		if kw == "" {
			continue
		}
		if len([]rune(kw)) > maxKeywordLen {
			return Row{}, &RowError{Line: s.i, Reason: fmt.Sprintf("the keyword is longer than %d characters", maxKeywordLen)}, nil
		}
		n := Normalize(kw)
		if n == "" {
			return Row{}, &RowError{Line: s.i, Reason: "the keyword has no letters or digits"}, nil
		}
		return Row{Line: s.i, Keyword: kw, Normalized: n}, nil, nil
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

// upsertRows streams src into the keywords table in batches inside a single
// transaction. Only metric columns the source has (present) are updated on
// existing keywords, so a file without CPC never wipes CPC.
func upsertRows(app core.App, site *core.Record, src rowSource, present map[string]bool, source string, res *ImportResult) error {
	res.RejectedRows = []RowError{}
	return app.RunInTransaction(func(tx core.App) error {
		seen := make(map[string]struct{}, 1024)
		batch := make([]Row, 0, importBatch)
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			imported, updated, err := upsertBatch(tx, site, batch, present, source)
			if err != nil {
				return err
			}
			res.Imported += imported
			res.Updated += updated
			batch = batch[:0]
			return nil
		}
		for {
			row, rej, err := src.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			res.Rows++
			if rej != nil {
				res.Rejected++
				if len(res.RejectedRows) < maxListedRejections {
					res.RejectedRows = append(res.RejectedRows, *rej)
				}
				continue
			}
			if _, dup := seen[row.Normalized]; dup {
				res.Duplicates++
				continue
			}
			seen[row.Normalized] = struct{}{}
			batch = append(batch, row)
			if len(batch) == importBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return RefreshSiteClusterStats(tx, site.Id)
	})
}

// keywordColumns is the insert column order.
var keywordColumns = []string{"id", "tenant", "site", "keyword", "normalized", "volume", "volume_raw", "difficulty", "cpc",
	"intent", "country", "language", "source", "status", "cluster", "created", "updated"}

// upsertQuery prepares the single-row upsert. Only metric columns the source
// has are updated on an existing keyword.
func upsertQuery(tx core.App, present map[string]bool) *dbx.Query {
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
	return tx.DB().NewQuery("INSERT INTO {{" + collections.Keywords + "}} (" + strings.Join(keywordColumns, ",") + ") VALUES " +
		"({:id},{:tenant},{:site},{:k},{:n},{:v},{:vr},{:d},{:c},{:i},{:co},{:l},{:source},'new','',{:now},{:now})" + conflict).Prepare()
}

func upsertBatch(tx core.App, site *core.Record, rows []Row, present map[string]bool, source string) (imported, updated int, err error) {
	norms := make([]any, len(rows))
	for i, r := range rows {
		norms[i] = r.Normalized
	}
	var existing []string
	if err := tx.DB().Select("normalized").From(collections.Keywords).
		Where(dbx.HashExp{"site": site.Id}).AndWhere(dbx.In("normalized", norms...)).Column(&existing); err != nil {
		return 0, 0, fmt.Errorf("find existing keywords: %w", err)
	}
	q := upsertQuery(tx, present)
	defer q.Close()
	now := types.NowDateTime().String()
	for _, r := range rows {
		if _, err := q.Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "tenant": site.GetString("tenant"), "site": site.Id,
			"k": r.Keyword, "n": r.Normalized, "v": r.Volume, "vr": r.VolumeRaw, "d": r.Difficulty, "c": r.CPC,
			"i": r.Intent, "co": r.Country, "l": r.Language, "source": source, "now": now}).Execute(); err != nil {
			return 0, 0, fmt.Errorf("upsert keyword %q (row %d): %w", r.Keyword, r.Line, err)
		}
	}
	return len(rows) - len(existing), len(existing), nil
}
