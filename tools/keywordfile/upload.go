package keywordfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
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
		if !slices.Contains(u.Read, e) {
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

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", truncate(strings.ToValidUTF8(n, "�"), 80))
	}
	return out
}
