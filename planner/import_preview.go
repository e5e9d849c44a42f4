package planner

import (
	"errors"
	"io"
	"strings"

	"github.com/igny8/igny8/tools/keywordfile"
)

// PreviewRows is how many data rows a preview shows.
const PreviewRows = 20

// previewCellMax bounds each cell a preview echoes (the import reads cells
// up to 64 KiB; a wizard shows the start).
const previewCellMax = 200

// FieldInfo is one field a table can map and the header it is read from
// ("" when no column maps to it).
type FieldInfo struct {
	Field  string `json:"field"`
	Header string `json:"header"`
	// Kind is "key" (keyword or page), "keyword" (a keyword's own metric),
	// "figure" (search figures, stored per period in keyword_metrics or
	// page_metrics) or "text".
	Kind string `json:"kind"`
}

// PreviewRow is one data row as the import would read it.
type PreviewRow struct {
	Row int `json:"row"`
	// Cells are the row's cells in header order, each cut to 200 characters.
	Cells []string `json:"cells"`
	// Values are the fields read from the row (absent: empty cell); nil for
	// a rejected row, which has Error.
	Values map[string]any `json:"values,omitempty"`
	Error  string         `json:"error,omitempty"`
	// Warnings name cells of the row the import would not store.
	Warnings []string `json:"warnings,omitempty"`
}

// TablePreview is what the import would make of one table.
type TablePreview struct {
	Table     string            `json:"table,omitempty"` // a zip entry's name
	Source    string            `json:"source"`
	Encoding  string            `json:"encoding"`
	Delimiter string            `json:"delimiter,omitempty"`
	HeaderRow int               `json:"headerRow"`
	Header    []string          `json:"header"`
	Columns   map[string]string `json:"columns"`
	Fields    []FieldInfo       `json:"fields"`
	Unmapped  []string          `json:"unmapped"`
	Preview   []PreviewRow      `json:"preview"`
	// Rows, Rejected and Duplicates count the whole table; RejectedRows
	// lists the first 1000 rejections.
	Rows         int                    `json:"rows"`
	Rejected     int                    `json:"rejected"`
	Duplicates   int                    `json:"duplicates"`
	RejectedRows []keywordfile.RowError `json:"rejectedRows"`
	Warned       int                    `json:"warned"`
	WarnedRows   []keywordfile.RowError `json:"warnedRows"`
}

// Preview is the import preview of an upload: for each table, the detected
// source, which column becomes which field, the first rows as read and every
// rejection; nothing is written.
type Preview struct {
	Format   string              `json:"format"`
	Source   string              `json:"source"`
	Sheet    string              `json:"sheet,omitempty"`
	Sheets   []string            `json:"sheets,omitempty"`
	Keywords *TablePreview       `json:"keywords,omitempty"`
	Pages    *TablePreview       `json:"pages,omitempty"`
	Period   *keywordfile.Period `json:"period,omitempty"`
	Archive  *ArchiveResult      `json:"archive,omitempty"`
}

// PreviewUpload reads every table of u through once without writing. site
// is the site the rows would go to (a page of another host is rejected as
// the import would).
func PreviewUpload(u *keywordfile.Upload, siteURL string, opts ImportOptions) (*Preview, error) {
	res := &ImportResult{}
	period := importPeriod(u, opts)
	describe(u, period, res)
	out := &Preview{Format: u.Format, Source: res.Source, Sheet: u.Sheet, Sheets: u.Sheets, Period: res.Period, Archive: res.Archive}
	var err error
	if u.Keywords != nil {
		if out.Keywords, err = previewTable(u.Keywords, ""); err != nil {
			return nil, err
		}
	}
	if u.Pages != nil {
		if out.Pages, err = previewTable(u.Pages, siteHost(siteURL)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func fieldKind(f string) string {
	switch f {
	case keywordfile.FieldKeyword, keywordfile.FieldPage:
		return "key"
	case keywordfile.FieldVolume, keywordfile.FieldDifficulty, keywordfile.FieldCPC:
		return "keyword"
	case keywordfile.FieldClicks, keywordfile.FieldImpressions, keywordfile.FieldCTR, keywordfile.FieldPosition:
		return "figure"
	}
	return "text"
}

func previewTable(t *keywordfile.Table, host string) (*TablePreview, error) {
	p, done, err := t.Open()
	if err != nil {
		return nil, err
	}
	defer done()
	p.KeepCells()
	tp := &TablePreview{Table: t.Name, Source: p.Vendor, Encoding: p.Encoding, HeaderRow: p.HeaderRow,
		Header: cut(p.Header), Columns: p.ColumnHeaders(), Fields: []FieldInfo{}, Unmapped: []string{},
		Preview: []PreviewRow{}, RejectedRows: []keywordfile.RowError{}, WarnedRows: []keywordfile.RowError{}}
	if p.Delimiter != 0 {
		tp.Delimiter = string(p.Delimiter)
	}
	used := map[int]bool{}
	for _, f := range p.Fields() {
		fi := FieldInfo{Field: f, Kind: fieldKind(f)}
		if i, ok := p.Columns[f]; ok {
			fi.Header, used[i] = p.Header[i], true
		}
		tp.Fields = append(tp.Fields, fi)
	}
	for i, h := range p.Header {
		if !used[i] && h != "" {
			tp.Unmapped = append(tp.Unmapped, truncate(h, previewCellMax))
		}
	}
	seen := map[string]struct{}{}
	for {
		row, rej, err := p.Next()
		if errors.Is(err, io.EOF) {
			return tp, nil
		}
		if err != nil {
			return nil, err
		}
		tp.Rows++
		if rej == nil && host != "" && !onSite(row.URL, host) {
			rej = &keywordfile.RowError{Line: row.Line, Reason: "the page is not on the site's host " + host}
		}
		if len(tp.Preview) < PreviewRows {
			pr := PreviewRow{Row: row.Line, Cells: cut(p.Cells())}
			if rej != nil {
				pr.Row, pr.Error = rej.Line, rej.Reason
			} else {
				pr.Values, pr.Warnings = rowValues(&row), row.Warnings
			}
			tp.Preview = append(tp.Preview, pr)
		}
		if rej != nil {
			tp.Rejected++
			if len(tp.RejectedRows) < maxListedRejections {
				tp.RejectedRows = append(tp.RejectedRows, *rej)
			}
			continue
		}
		if len(row.Warnings) > 0 {
			tp.Warned++
			if len(tp.WarnedRows) < maxListedRejections {
				tp.WarnedRows = append(tp.WarnedRows, keywordfile.RowError{Line: row.Line, Reason: strings.Join(row.Warnings, "; ")})
			}
		}
		key := row.Normalized
		if row.URL != "" {
			key = row.URL
		}
		if _, dup := seen[key]; dup {
			tp.Duplicates++
		}
		seen[key] = struct{}{}
	}
}

func cut(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = truncate(c, previewCellMax)
	}
	return out
}

// rowValues are the fields a row sets, as the import stores them.
func rowValues(r *keywordfile.Row) map[string]any {
	v := map[string]any{}
	if r.URL != "" {
		v[keywordfile.FieldPage] = r.URL
	} else {
		v[keywordfile.FieldKeyword], v["normalized"] = r.Keyword, r.Normalized
	}
	if r.HasVolume {
		v[keywordfile.FieldVolume] = r.Volume
	}
	if r.VolumeRaw != "" {
		v["volume_raw"] = r.VolumeRaw
	}
	if r.HasDifficulty {
		v[keywordfile.FieldDifficulty] = r.Difficulty
	}
	if r.HasCPC {
		v[keywordfile.FieldCPC] = r.CPC
	}
	for f, s := range map[string]string{keywordfile.FieldIntent: r.Intent, keywordfile.FieldCountry: r.Country, keywordfile.FieldLanguage: r.Language} {
		if s != "" {
			v[f] = s
		}
	}
	if r.HasClicks {
		v[keywordfile.FieldClicks] = r.Clicks
	}
	if r.HasImpressions {
		v[keywordfile.FieldImpressions] = r.Impressions
	}
	if r.HasCTR {
		v[keywordfile.FieldCTR] = r.CTR
	}
	if r.HasPosition {
		v[keywordfile.FieldPosition] = r.Position
	}
	return v
}
