package keywordfile

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbook bounds. excelize (github.com/xuri/excelize/v2: maintained, reads
// .xlsx with a streaming row iterator and bounds what it unzips) refuses a
// workbook whose entries inflate past MaxWorkbookBytes in all, and keeps a
// sheet or shared-strings part over workbookPartInMemory in a temporary file
// instead of memory; Go's zip reader refuses an entry that inflates past the
// size it declares, so the declared sizes excelize checks are real bounds.
// The rows of the sheet then meet the parser's row, column and cell limits.
const (
	MaxWorkbookBytes     = 256 << 20
	maxWorkbookEntries   = 1000
	workbookPartInMemory = 16 << 20
)

// ErrNoSheet is a sheet name the workbook does not have.
var ErrNoSheet = errors.New("no such sheet")

// openWorkbook opens an Excel workbook. With sheet it reads that sheet (as a
// keyword table, or a pages table when it has no keyword column); without,
// a Search Console workbook (sheets Queries and/or Pages, and Dates for the
// period) is read like its zip, and any other workbook's first sheet is read.
func openWorkbook(f io.ReaderAt, size int64, sheet string, opts ParseOptions) (*Upload, error) {
	if zr, err := zip.NewReader(f, size); err == nil && len(zr.File) > maxWorkbookEntries {
		return nil, fmt.Errorf("%w: the workbook holds %d parts (at most %d are read)", ErrArchive, len(zr.File), maxWorkbookEntries)
	}
	limit := opts.withDefaults().MaxExpandedBytes
	if limit > MaxWorkbookBytes {
		limit = MaxWorkbookBytes
	}
	wb, err := excelize.OpenReader(io.NewSectionReader(f, 0, size), excelize.Options{
		UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(limit, workbookPartInMemory)})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fmt.Errorf("%w: the workbook expands past %d MiB", ErrArchive, limit>>20)
		}
		return nil, fmt.Errorf("%w: it starts like an Excel workbook but cannot be read as one (%v)", ErrArchive, err)
	}
	u := &Upload{Format: "xlsx", Sheets: wb.GetSheetList(), close: []func() error{wb.Close}}
	fail := func(err error) (*Upload, error) {
		u.Close()
		return nil, err
	}
	find := func(name string) string {
		for _, s := range u.Sheets {
			if strings.EqualFold(strings.TrimSpace(s), name) {
				return s
			}
		}
		return ""
	}
	table := func(name string, o ParseOptions) (*Table, error) {
		t := &Table{Name: name, open: func() (*Parser, func(), error) {
			rows, err := wb.Rows(name)
			if err != nil {
				return nil, nil, fmt.Errorf("%w: sheet %q cannot be read (%v)", ErrArchive, name, err)
			}
			p, err := newSheetParser(&xlsxRows{rows: rows}, "xlsx", o)
			if err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("sheet %q: %w", name, err)
			}
			return p, func() { rows.Close() }, nil
		}}
		p, done, err := t.open()
		if err != nil {
			return nil, err
		}
		done()
		t.Info = p
		return t, nil
	}
	pagesOpts := opts
	pagesOpts.Pages, pagesOpts.Mapping = true, nil
	if sheet != "" {
		name := find(sheet)
		if name == "" {
			return fail(fmt.Errorf("%w: the workbook has no sheet %q (it has %s)", ErrNoSheet, truncate(sheet, 80), strings.Join(quoteAll(u.Sheets), ", ")))
		}
		u.Sheet = name
		t, err := table(name, opts)
		if errors.Is(err, ErrNoKeywordColumn) {
			if pt, perr := table(name, pagesOpts); perr == nil {
				u.Pages = pt
				return u, nil
			}
		}
		if err != nil {
			return fail(err)
		}
		u.Keywords = t
		return u, nil
	}
	queries, pages := find("Queries"), find("Pages")
	if queries == "" && pages == "" {
		if len(u.Sheets) == 0 {
			return fail(fmt.Errorf("%w: the workbook has no sheets", ErrEmpty))
		}
		u.Sheet = u.Sheets[0]
		if u.Keywords, err = table(u.Sheet, opts); err != nil {
			return fail(err)
		}
		return u, nil
	}
	// Search Console's workbook: one sheet per tab, like its zip
	u.Entries, u.Read = u.Sheets, []string{}
	if queries != "" {
		u.Sheet = queries
		if u.Keywords, err = table(queries, opts); err != nil {
			return fail(err)
		}
		u.Read = append(u.Read, queries)
	}
	if pages != "" {
		if u.Pages, err = table(pages, pagesOpts); err != nil {
			return fail(err)
		}
		u.Read = append(u.Read, pages)
	}
	if dates := find("Dates"); dates != "" {
		if rows, err := wb.Rows(dates); err == nil {
			if p, ok := datesFrom(&xlsxRows{rows: rows}); ok {
				u.Period = p
				u.Read = append(u.Read, dates)
			}
			rows.Close()
		}
	}
	return u, nil
}

// xlsxRows adapts excelize's row iterator (cells as the sheet shows them:
// 3.53% stays "3.53%", 1,020 stays "1,020").
type xlsxRows struct {
	rows *excelize.Rows
}

func (x *xlsxRows) next() ([]string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, fmt.Errorf("%w: the sheet cannot be read (%v)", ErrArchive, err)
		}
		return nil, io.EOF
	}
	cells, err := x.rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("%w: the sheet cannot be read (%v)", ErrArchive, err)
	}
	return cells, nil
}
