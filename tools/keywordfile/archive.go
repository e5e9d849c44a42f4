package keywordfile

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

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
