// Package keywordfile reads the keyword files people export from keyword and
// search tools (Google Keyword Planner, Semrush, Ahrefs, Moz, Search
// Console, Bing Webmaster Tools, hand-made sheets): CSV/TSV text in any of
// the encodings those tools write, Excel workbooks and Search Console zips.
// It finds the header row and the vendor, maps columns to fields, reads the
// numbers as each tool writes them and streams rows within fixed bounds.
//
// It is a library in the manner of PocketBase's tools/: it imports nothing
// of PocketBase and writes nothing; the planner stores what it reads.
package keywordfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Fatal parse errors. An import that meets one applies nothing.
var (
	ErrNoKeywordColumn = errors.New("no keyword column found")
	ErrLineTooLong     = errors.New("line too long")
	ErrRagged          = errors.New("rows do not match the header")
	ErrTooManyRows     = errors.New("too many rows")
	ErrTooManyColumns  = errors.New("too many columns")
	ErrFieldTooLong    = errors.New("field too long")
	ErrEmpty           = errors.New("the file is empty")
)

// Parse limits; [ParseOptions] may lower or raise them. Together they bound
// what one row can cost: a record (a line, or the lines of a quoted field
// that spans several) is at most MaxLineBytes, a cell at most MaxFieldBytes,
// and at most MaxColumns cells are kept, so a row's memory is proportional to
// the row whatever the file holds. Columns past MaxColumns are allowed only
// empty (spreadsheets save trailing empty columns) and are never stored.
const (
	DefaultMaxLineBytes  = 1 << 20
	DefaultMaxRows       = 1_000_000
	DefaultMaxPreamble   = 30
	DefaultMaxColumns    = 1000
	DefaultMaxFieldBytes = 64 << 10
)

// ParseOptions tune [NewParser]. The zero value uses the defaults.
type ParseOptions struct {
	Mapping Mapping
	// Pages reads a pages table (Search Console's Pages.csv: a page URL per
	// row and its search figures) instead of a keyword table.
	Pages         bool
	MaxLineBytes  int // a longer line (or quoted record) is a fatal ErrLineTooLong
	MaxRows       int // more rows are a fatal ErrTooManyRows
	MaxPreamble   int // lines searched for the header row
	MaxColumns    int // a non-empty cell past this column is a fatal ErrTooManyColumns
	MaxFieldBytes int // a longer cell is a fatal ErrFieldTooLong
	// MaxExpandedBytes bounds what one zip entry may inflate to (ErrArchive).
	MaxExpandedBytes int64
}

// withDefaults fills the zero limits of o.
func (o ParseOptions) withDefaults() ParseOptions {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxPreamble <= 0 {
		o.MaxPreamble = DefaultMaxPreamble
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
	}
	if o.MaxFieldBytes <= 0 {
		o.MaxFieldBytes = DefaultMaxFieldBytes
	}
	if o.MaxExpandedBytes <= 0 {
		o.MaxExpandedBytes = MaxExpandedBytes
	}
	return o
}

// Parser streams keyword rows out of a CSV/TSV export. It holds at most one
// line in memory, so a 100,000-row file costs the same as a 10-row one.
type Parser struct {
	Encoding  string
	Delimiter byte
	Vendor    string
	Header    []string
	HeaderRow int
	Columns   map[string]int // field → column index

	fields  []string // the fields of the table: Fields or PageFields
	key     string   // the field every row must have: FieldKeyword or FieldPage
	sheet   sheetRows
	in      *lineReader
	maxRows int
	limits  splitLimits
	rows    int
	ragged  int

	sheetLine int
	keepCells bool     // the preview shows each row's cells
	cells     []string // the last row's cells, when keepCells
}

// NewParser detects the encoding, skips preamble lines, finds the header row
// and sniffs the delimiter. Errors here are fatal and wrap the Err* values.
func NewParser(r io.Reader, opts ParseOptions) (*Parser, error) {
	opts = opts.withDefaults()
	text, enc, err := decode(r)
	if err != nil {
		return nil, err
	}
	p := newParser(opts)
	p.Encoding = enc
	p.in = &lineReader{br: bufio.NewReaderSize(text, 64<<10), max: opts.MaxLineBytes}
	firstLine := ""
	for i := 0; i < opts.MaxPreamble; i++ {
		line, err := p.in.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if firstLine == "" {
			firstLine = string(line)
		}
		ok, err := p.tryHeader(line, opts.Mapping)
		if err != nil {
			return nil, err
		}
		if ok {
			p.HeaderRow = p.in.line
			p.Vendor = detectVendor(p.Header)
			p.keepOwnFigures(opts.Mapping)
			return p, nil
		}
	}
	return nil, p.noHeader(firstLine, opts)
}

// newParser is a parser without input: the table's fields and the limits.
func newParser(opts ParseOptions) *Parser {
	p := &Parser{maxRows: opts.MaxRows, fields: Fields, key: FieldKeyword,
		limits: splitLimits{columns: opts.MaxColumns, fieldBytes: opts.MaxFieldBytes, recordBytes: opts.MaxLineBytes}}
	if opts.Pages {
		p.fields, p.key = PageFields, FieldPage
	}
	return p
}

// noHeader is the error for input whose first lines hold no header.
func (p *Parser) noHeader(firstLine string, opts ParseOptions) error {
	if firstLine == "" {
		return ErrEmpty
	}
	if len(firstLine) > 120 {
		firstLine = firstLine[:120] + "…"
	}
	want := "a header such as Keyword, Search term, Query or Top queries"
	if p.key == FieldPage {
		want = "a header such as Top pages, Page or URL"
	}
	if k := opts.Mapping[p.key]; k != "" {
		want = fmt.Sprintf("the mapped header %q", k)
	}
	return fmt.Errorf("%w: none of the first %d lines has %s (first line: %q)",
		ErrNoKeywordColumn, opts.MaxPreamble, want, strings.ToValidUTF8(firstLine, "�"))
}

// keepOwnFigures keeps the search-figure columns only in a table of a site's
// own search performance: one with both clicks and impressions (Search
// Console, Bing), or whose figures the client mapped. Keyword tools export
// columns of the same names that are estimates for the whole results page
// (Ahrefs' Clicks, Semrush's Position in an organic-research export); those
// are not the site's figures and stay unmapped (the preview lists them).
func (p *Parser) keepOwnFigures(mapping Mapping) {
	_, clicks := p.Columns[FieldClicks]
	_, impressions := p.Columns[FieldImpressions]
	if clicks && impressions {
		return
	}
	for _, f := range MetricFields {
		if strings.TrimSpace(mapping[f]) == "" {
			delete(p.Columns, f)
		}
	}
}

// tryHeader splits line with each delimiter and keeps the split that finds a
// keyword column with the most recognised fields. A split that breaks a
// limit (a long preamble line, the wrong delimiter) is not a header; but a
// header that names a keyword column and then breaks one is refused with
// that limit's error, since every row would break it too.
func (p *Parser) tryHeader(line []byte, mapping Mapping) (bool, error) {
	best, bestScore := -1, 0
	var bestFields []string
	var bestCols map[string]int
	var limitErr error
	for i, d := range []byte{'\t', ';', ','} {
		fields, err := splitRecord(line, d, nil, p.limits, p.in.line)
		cols := columnsOf(p.fields, fields, mapping)
		if _, ok := cols[p.key]; !ok {
			continue
		}
		if err != nil {
			limitErr = err
			continue
		}
		if score := len(cols)*1000 + len(fields); score > bestScore {
			best, bestScore, bestFields, bestCols = i, score, fields, cols
		}
	}
	if best < 0 {
		return false, limitErr
	}
	p.Delimiter = []byte{'\t', ';', ','}[best]
	p.Header, p.Columns = bestFields, bestCols
	return true, nil
}

// Next returns the next row. A rejected row comes back as a *RowError with a
// nil fatal error; the end of input is io.EOF; anything else is fatal.
func (p *Parser) Next() (Row, *RowError, error) {
	if p.sheet != nil {
		return p.nextSheetRow()
	}
	for {
		line, err := p.in.next()
		if errors.Is(err, io.EOF) {
			if p.ragged > 0 && p.ragged*10 > p.rows {
				return Row{}, nil, fmt.Errorf("%w: %d of %d rows have a different number of columns than the %d-column header (is the delimiter %q right, or are quotes unbalanced?)",
					ErrRagged, p.ragged, p.rows, len(p.Header), string(p.Delimiter))
			}
			return Row{}, nil, io.EOF
		}
		if err != nil {
			return Row{}, nil, err
		}
		start := p.in.line
		fields, err := splitRecord(line, p.Delimiter, p.in.next, p.limits, start)
		if err != nil {
			return Row{}, nil, err
		}
		if blank(fields) {
			continue
		}
		return p.take(fields, start)
	}
}

// take counts a non-blank record against the row limit and reads it as a
// row, for the text and the workbook readers alike.
func (p *Parser) take(fields []string, line int) (Row, *RowError, error) {
	p.rows++
	if p.rows > p.maxRows {
		return Row{}, nil, fmt.Errorf("%w: more than %d rows; split the file", ErrTooManyRows, p.maxRows)
	}
	if p.keepCells {
		p.cells = fields
	}
	row, rerr := p.row(fields, line)
	return row, rerr, nil
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ColumnHeaders maps each field the table has to the header it is read from.
func (p *Parser) ColumnHeaders() map[string]string {
	out := map[string]string{}
	for f, i := range p.Columns {
		out[f] = strings.TrimSpace(p.Header[i])
	}
	return out
}

// Present is the set of fields the table has. An import updates only these
// on existing keywords, so a file without CPC never wipes CPC.
func (p *Parser) Present() map[string]bool {
	out := map[string]bool{}
	for f := range p.Columns {
		out[f] = true
	}
	return out
}

// Fields are the fields the table can map: [Fields], or [PageFields] for a
// pages table.
func (p *Parser) Fields() []string { return p.fields }

// KeepCells makes each later [Parser.Next] keep the row's raw cells for
// [Parser.Cells] (an import preview shows them beside what was read).
func (p *Parser) KeepCells() { p.keepCells = true }

// Cells are the raw cells of the row the last Next returned (rejected or
// not), in header order; nil unless [Parser.KeepCells] was called.
func (p *Parser) Cells() []string { return p.cells }
