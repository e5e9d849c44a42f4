package keywordfile

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// sheetRows yields a worksheet's rows as cells, io.EOF after the last.
type sheetRows interface {
	next() ([]string, error)
}

// newSheetParser reads a table from a worksheet's rows (an .xlsx sheet):
// the header is the first of the first MaxPreamble non-blank rows that has
// the key column; cells past MaxColumns must be empty and cells are bounded
// as in a CSV file.
func newSheetParser(rows sheetRows, encoding string, opts ParseOptions) (*Parser, error) {
	opts = opts.withDefaults()
	p := newParser(opts)
	p.Encoding, p.sheet = encoding, rows
	firstLine := ""
	for i := 0; i < opts.MaxPreamble; i++ {
		fields, err := p.sheetNext()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if blank(fields) {
			continue
		}
		if firstLine == "" {
			firstLine = strings.Join(fields, ",")
		}
		cols := columnsOf(p.fields, fields, opts.Mapping)
		if _, ok := cols[p.key]; ok {
			p.Header, p.Columns, p.HeaderRow = fields, cols, p.sheetLine
			p.Vendor = detectVendor(p.Header)
			p.keepOwnFigures(opts.Mapping)
			return p, nil
		}
	}
	return nil, p.noHeader(firstLine, opts)
}

// sheetNext is the next worksheet row within the parser's limits.
func (p *Parser) sheetNext() ([]string, error) {
	fields, err := p.sheet.next()
	if err != nil {
		return nil, err
	}
	p.sheetLine++
	for i, f := range fields {
		if i >= p.limits.columns {
			if strings.TrimSpace(f) != "" {
				return nil, fmt.Errorf("%w: row %d has a value in column %d; at most %d columns are read (delete the extra columns)",
					ErrTooManyColumns, p.sheetLine, i+1, p.limits.columns)
			}
			continue
		}
		if len(f) > p.limits.fieldBytes {
			return nil, fmt.Errorf("%w: row %d, column %d is longer than %d bytes", ErrFieldTooLong, p.sheetLine, i+1, p.limits.fieldBytes)
		}
	}
	if len(fields) > p.limits.columns {
		fields = fields[:p.limits.columns]
	}
	// a sheet row ends at its last non-empty cell: pad it to the header
	for len(fields) < len(p.Header) {
		fields = append(fields, "")
	}
	return fields, nil
}

func (p *Parser) nextSheetRow() (Row, *RowError, error) {
	for {
		fields, err := p.sheetNext()
		if err != nil {
			return Row{}, nil, err
		}
		if blank(fields) {
			continue
		}
		return p.take(fields, p.sheetLine)
	}
}
