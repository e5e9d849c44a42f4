package planner

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"
)

// UploadFile is what an import reads: the route's uploaded file (spooled to
// disk above 1 MiB) or the import job's stored copy. Zip archives and
// workbooks need random access; a CSV file is read from the start again for
// each pass.
type UploadFile interface {
	io.Reader
	io.ReaderAt
	io.Seeker
}

// Archive bounds. A Search Console zip holds a handful of small CSV files;
// an archive with more entries, or an entry that expands past
// MaxExpandedBytes, is refused (a zip bomb expands a few KB to gigabytes:
// the bound is checked on the bytes actually inflated, not on the sizes the
// archive declares). The parser's own limits (rows, line and cell bytes)
// then apply to each entry as to a CSV upload.
const (
	MaxArchiveEntries = 64
	MaxExpandedBytes  = 256 << 20
	// maxDatesBytes bounds Dates.csv, read whole for the period (a year of
	// days is about 20 KB).
	maxDatesBytes = 1 << 20
)

// ErrArchive is a zip that is neither a Search Console export nor a workbook,
// or one outside the archive bounds.
var ErrArchive = errors.New("the archive cannot be imported")

// Period is the stretch of days search figures cover, as YYYY-MM-DD dates.
// From says where it came from: "request" (the client sent it), "file" (the
// Search Console zip's Dates.csv) or "import date" (nothing said it: the
// figures are filed under the day of the import).
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
	From  string `json:"from"`
}

// Key is the period's identity in keyword_metrics and page_metrics.
func (p Period) Key() string { return p.Start + ".." + p.End }

// ParsePeriod checks a client's start and end dates (YYYY-MM-DD, start not
// after end); both empty is the zero Period.
func ParsePeriod(start, end string) (Period, error) {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	if start == "" && end == "" {
		return Period{}, nil
	}
	if end == "" {
		end = start
	}
	if start == "" {
		start = end
	}
	s, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return Period{}, fmt.Errorf("period start %q is not a YYYY-MM-DD date", truncate(start, 40))
	}
	e, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return Period{}, fmt.Errorf("period end %q is not a YYYY-MM-DD date", truncate(end, 40))
	}
	if e.Before(s) {
		return Period{}, fmt.Errorf("the period ends (%s) before it starts (%s)", end, start)
	}
	return Period{Start: start, End: end, From: "request"}, nil
}

// Table is one table of an upload. Open reads it from its start again (the
// import reads a table twice when it checks it before writing); Info is the
// parser of the first opening, for the header, columns and source.
type Table struct {
	Name string
	Info *Parser
	open func() (*Parser, func(), error)
}

// Open starts a fresh read of the table; call done when finished.
func (t *Table) Open() (p *Parser, done func(), err error) { return t.open() }

// Upload is an uploaded file opened for import: its keyword table and, from
// a Search Console zip, its pages table, with what else the file held.
type Upload struct {
	Format   string // "csv", "zip" (Search Console) or "xlsx"
	Keywords *Table // nil when the file holds only a pages table
	Pages    *Table
	// Entries are a zip's files; Read the ones imported or used for the period.
	Entries []string
	Read    []string
	// Sheet is the worksheet read and Sheets every worksheet of a workbook.
	Sheet  string
	Sheets []string
	// Period comes from a Search Console zip's Dates.csv (zero otherwise).
	Period Period

	close []func() error
}

// Close releases what the upload holds open (a workbook).
func (u *Upload) Close() error {
	var err error
	for _, c := range u.close {
		err = errors.Join(err, c())
	}
	return err
}

// Ignored lists the zip entries the import did not read.
func (u *Upload) Ignored() []string {
	out := []string{}
	for _, e := range u.Entries {
		if !contains(u.Read, e) {
			out = append(out, e)
		}
	}
	return out
}

// OpenUpload detects what f is — a CSV/TSV text file, a Search Console zip
// or an Excel workbook — and opens its tables. A text file without a keyword
// column is tried as a pages table (Search Console's Pages.csv on its own).
// sheet names the workbook sheet to read ("" is the first). Errors wrap the
// parser's Err* values, ErrArchive or ErrBinary.
func OpenUpload(f UploadFile, size int64, sheet string, opts ParseOptions) (*Upload, error) {
	head := make([]byte, 4)
	n, _ := f.ReadAt(head, 0)
	if bytes.Equal(head[:n], []byte("PK\x03\x04")) {
		return openArchive(f, size, sheet, opts)
	}
	csvTable := func(name string, o ParseOptions) (*Table, error) {
		t := &Table{Name: name, open: func() (*Parser, func(), error) {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return nil, nil, fmt.Errorf("rewind the file: %w", err)
			}
			p, err := NewParser(f, o)
			return p, func() {}, err
		}}
		p, _, err := t.open()
		t.Info = p
		return t, err
	}
	t, err := csvTable("", opts)
	if err == nil {
		return &Upload{Format: "csv", Keywords: t}, nil
	}
	if !errors.Is(err, ErrNoKeywordColumn) {
		return nil, err
	}
	po := opts
	po.Pages, po.Mapping = true, nil
	pt, perr := csvTable("", po)
	if perr != nil {
		return nil, err // the keyword table's error: that is what was wanted
	}
	return &Upload{Format: "csv", Pages: pt}, nil
}

// openArchive opens a zip: a workbook (xl/workbook.xml) or a Search Console
// export (Queries.csv and/or Pages.csv, at any depth, names matched without
// case).
func openArchive(f io.ReaderAt, size int64, sheet string, opts ParseOptions) (*Upload, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("%w: it starts like a zip archive but cannot be read as one (%v)", ErrArchive, err)
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/workbook.xml" {
			return openWorkbook(f, size, sheet, opts)
		}
	}
	if len(zr.File) > MaxArchiveEntries {
		return nil, fmt.Errorf("%w: it holds %d files; a Search Console export holds a handful (at most %d are read)",
			ErrArchive, len(zr.File), MaxArchiveEntries)
	}
	byName := map[string]*zip.File{}
	u := &Upload{Format: "zip", Entries: []string{}, Read: []string{}}
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") {
			continue
		}
		u.Entries = append(u.Entries, zf.Name)
		byName[strings.ToLower(path.Base(zf.Name))] = zf
	}
	entryTable := func(zf *zip.File, o ParseOptions) (*Table, error) {
		t := &Table{Name: zf.Name, open: func() (*Parser, func(), error) {
			rc, err := zf.Open()
			if err != nil {
				return nil, nil, fmt.Errorf("%w: %s cannot be unpacked (%v)", ErrArchive, zf.Name, err)
			}
			p, err := NewParser(&boundedReader{r: rc, left: o.withDefaults().MaxExpandedBytes, limit: o.withDefaults().MaxExpandedBytes, name: zf.Name}, o)
			if err != nil {
				rc.Close()
				return nil, nil, fmt.Errorf("%s: %w", zf.Name, err)
			}
			return p, func() { rc.Close() }, nil
		}}
		p, done, err := t.open()
		if err != nil {
			return nil, err
		}
		done()
		t.Info = p
		return t, nil
	}
	if zf := byName["queries.csv"]; zf != nil {
		if u.Keywords, err = entryTable(zf, opts); err != nil {
			return nil, err
		}
		u.Read = append(u.Read, zf.Name)
	}
	if zf := byName["pages.csv"]; zf != nil {
		po := opts
		po.Pages, po.Mapping = true, nil
		if u.Pages, err = entryTable(zf, po); err != nil {
			return nil, err
		}
		u.Read = append(u.Read, zf.Name)
	}
	if u.Keywords == nil && u.Pages == nil {
		names := u.Entries
		if len(names) > 10 {
			names = append(names[:10:10], "…")
		}
		return nil, fmt.Errorf("%w: a zip archive without Queries.csv or Pages.csv (it holds %s); upload a Search Console export, a workbook or a CSV file",
			ErrArchive, strings.Join(quoteAll(names), ", "))
	}
	if zf := byName["dates.csv"]; zf != nil {
		if p, ok := datesPeriod(zf); ok {
			u.Period = p
			u.Read = append(u.Read, zf.Name)
		}
	}
	sort.Strings(u.Read)
	return u, nil
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", truncate(strings.ToValidUTF8(n, "�"), 80))
	}
	return out
}

// maxDatesRows bounds the days read from a Dates table (ten years).
const maxDatesRows = 4000

// datesPeriod reads the first and last day of Search Console's Dates.csv
// (`Date,Clicks,Impressions,CTR,Position`, one row per day). A file it
// cannot read gives no period; the import then files the figures under the
// client's period or the import day.
func datesPeriod(zf *zip.File) (Period, bool) {
	rc, err := zf.Open()
	if err != nil {
		return Period{}, false
	}
	defer rc.Close()
	text, _, err := decode(io.LimitReader(rc, maxDatesBytes))
	if err != nil {
		return Period{}, false
	}
	r := csv.NewReader(text)
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	return datesFrom(csvRows{r})
}

// csvRows reads records of a small CSV file as sheet rows.
type csvRows struct{ r *csv.Reader }

func (c csvRows) next() ([]string, error) { return c.r.Read() }

// boundedReader fails once more than left bytes were read from r: the
// inflated size of a zip entry, whatever the archive declares.
type boundedReader struct {
	r           io.Reader
	left, limit int64
	name        string
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, fmt.Errorf("%w: %s expands past %d MiB", ErrArchive, b.name, b.limit>>20)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}
