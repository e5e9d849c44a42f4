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
	w := &workbook{wb: wb, u: &Upload{Format: "xlsx", Sheets: wb.GetSheetList(), close: []func() error{wb.Close}},
		opts: opts, pagesOpts: opts}
	w.pagesOpts.Pages, w.pagesOpts.Mapping = true, nil
	switch queries, pages := w.find("Queries"), w.find("Pages"); {
	case sheet != "":
		err = w.readSheet(sheet)
	case queries == "" && pages == "":
		err = w.readFirstSheet()
	default:
		err = w.readSearchConsole(queries, pages)
	}
	if err != nil {
		w.u.Close()
		return nil, err
	}
	return w.u, nil
}

// workbook is an open workbook and the upload made of it.
type workbook struct {
	wb              *excelize.File
	u               *Upload
	opts, pagesOpts ParseOptions // for a keyword table, for a pages table
}

// find is the workbook's sheet called name (case and surrounding spaces
// ignored), or "".
func (w *workbook) find(name string) string {
	for _, s := range w.u.Sheets {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return s
		}
	}
	return ""
}

// table opens sheet name as a table read with o, once for its Info.
func (w *workbook) table(name string, o ParseOptions) (*Table, error) {
	t := &Table{Name: name, open: func() (*Parser, func(), error) {
		rows, err := w.wb.Rows(name)
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

// readSheet reads the sheet the client named: a keyword table, else a
// pages table.
func (w *workbook) readSheet(sheet string) error {
	name := w.find(sheet)
	if name == "" {
		return fmt.Errorf("%w: the workbook has no sheet %q (it has %s)", ErrNoSheet, truncate(sheet, 80), strings.Join(quoteAll(w.u.Sheets), ", "))
	}
	w.u.Sheet = name
	t, err := w.table(name, w.opts)
	if errors.Is(err, ErrNoKeywordColumn) {
		if pt, perr := w.table(name, w.pagesOpts); perr == nil {
			w.u.Pages = pt
			return nil
		}
	}
	if err != nil {
		return err
	}
	w.u.Keywords = t
	return nil
}

// readFirstSheet reads the first sheet of a workbook that is not Search
// Console's as a keyword table.
func (w *workbook) readFirstSheet() error {
	if len(w.u.Sheets) == 0 {
		return fmt.Errorf("%w: the workbook has no sheets", ErrEmpty)
	}
	w.u.Sheet = w.u.Sheets[0]
	var err error
	w.u.Keywords, err = w.table(w.u.Sheet, w.opts)
	return err
}

// readSearchConsole reads Search Console's workbook, one sheet per tab
// like its zip: Queries, Pages and the period from Dates.
func (w *workbook) readSearchConsole(queries, pages string) error {
	u := w.u
	u.Entries, u.Read = u.Sheets, []string{}
	var err error
	if queries != "" {
		u.Sheet = queries
		if u.Keywords, err = w.table(queries, w.opts); err != nil {
			return err
		}
		u.Read = append(u.Read, queries)
	}
	if pages != "" {
		if u.Pages, err = w.table(pages, w.pagesOpts); err != nil {
			return err
		}
		u.Read = append(u.Read, pages)
	}
	if dates := w.find("Dates"); dates != "" {
		if rows, err := w.wb.Rows(dates); err == nil {
			if p, ok := datesFrom(&xlsxRows{rows: rows}); ok {
				u.Period = p
				u.Read = append(u.Read, dates)
			}
			rows.Close()
		}
	}
	return nil
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
