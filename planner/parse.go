package planner

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"
	"unicode/utf8"
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
	maxKeywordLen        = 500
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

// Row is one accepted keyword row. Has* tell an empty cell from a zero.
type Row struct {
	Line          int
	Keyword       string
	Normalized    string
	Volume        float64
	HasVolume     bool
	VolumeRaw     string
	Difficulty    float64
	HasDifficulty bool
	CPC           float64
	HasCPC        bool
	Intent        string
	Country       string
	Language      string

	// Search-performance figures; CTR is in percent (4.2 means 4.2 %).
	Clicks, Impressions, CTR, Position             float64
	HasClicks, HasImpressions, HasCTR, HasPosition bool

	// URL is the page of a pages table's row (Keyword is empty then).
	URL string

	// Warnings name recognised cells of an accepted row that were not
	// stored (the row itself was).
	Warnings []string
}

// HasMetrics reports whether the row carries any search-performance figure.
func (r *Row) HasMetrics() bool {
	return r.HasClicks || r.HasImpressions || r.HasCTR || r.HasPosition
}

// RowError is a rejected row: the import goes on and reports it.
type RowError struct {
	Line   int    `json:"row"`
	Reason string `json:"reason"`
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %s", e.Line, e.Reason) }

// Parser streams keyword rows out of a CSV/TSV export. It holds at most one
// line in memory, so a 100,000-row file costs the same as a 10-row one.
type Parser struct {
	Encoding  string
	Delimiter byte
	Vendor    string
	Header    []string
	HeaderRow int
	Columns   map[string]int // field → column index

	fields  []string // the fields of the table: Fields or pageFields
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
		p.fields, p.key = pageFields, FieldPage
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

func (p *Parser) row(fields []string, line int) (Row, *RowError) {
	reject := func(format string, args ...any) (Row, *RowError) {
		return Row{}, &RowError{Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	if n := len(fields); n < len(p.Header) || n > len(p.Header) && !blank(fields[len(p.Header):]) {
		p.ragged++
		return reject("has %d columns, the header has %d", n, len(p.Header))
	}
	cell := func(f string) string {
		i, ok := p.Columns[f]
		if !ok || i >= len(fields) {
			return ""
		}
		return fields[i]
	}
	for _, f := range fields {
		if strings.IndexByte(f, 0) >= 0 {
			return reject("contains binary data (NUL bytes)")
		}
	}
	var r Row
	if p.key == FieldPage {
		u, reason := cleanPageURL(cell(FieldPage))
		if reason != "" {
			return reject("%s", reason)
		}
		r = Row{Line: line, URL: u}
	} else {
		kw, norm, reason := cleanKeyword(cell(FieldKeyword))
		if reason != "" {
			return reject("%s", reason)
		}
		r = Row{Line: line, Keyword: kw, Normalized: norm}
	}
	if reason := readMetrics(&r, cell); reason != "" {
		return reject("%s", reason)
	}
	if p.key == FieldPage {
		return r, nil
	}
	var err error
	var v numberValue
	if v, err = parseNumber(cell(FieldVolume)); err != nil {
		return reject("volume %v", err)
	}
	r.Volume, r.HasVolume = v.value, v.ok
	if v.isRange || v.ok && v.raw != "" && strings.ContainsAny(v.raw, "kKmM") {
		r.VolumeRaw = truncate(v.raw, 60)
	}
	if v.ok && v.value < 0 {
		return reject("volume %v is negative", v.value)
	}
	if v, err = parseNumber(cell(FieldDifficulty)); err != nil || v.isRange {
		return reject("difficulty %v", rangeOr(err, v))
	}
	if v.ok && (v.value < 0 || v.value > 100) {
		return reject("difficulty %v is outside 0–100", v.value)
	}
	r.Difficulty, r.HasDifficulty = v.value, v.ok
	if v, err = parseNumber(cell(FieldCPC)); err != nil || v.isRange {
		return reject("cpc %v", rangeOr(err, v))
	}
	if v.ok && v.value < 0 {
		return reject("cpc %v is negative", v.value)
	}
	r.CPC, r.HasCPC = v.value, v.ok
	r.Intent = r.textCell(FieldIntent, cell(FieldIntent), maxIntent)
	r.Country = r.textCell(FieldCountry, cell(FieldCountry), maxCode)
	r.Language = r.textCell(FieldLanguage, cell(FieldLanguage), maxCode)
	return r, nil
}

// Text cells the keywords collection keeps: intent up to 60 characters,
// country and language up to 10 (a code such as "us" or "en-GB").
const (
	maxIntent = 60
	maxCode   = 10
)

// textCell cleans a text cell; one longer than the field keeps is not
// stored (a cut "United Sta" would be wrong) and the row says so in its
// warnings, which the import lists beside the rejections.
func (r *Row) textCell(field, raw string, max int) string {
	v := cleanText(raw)
	if utf8.RuneCountInString(v) <= max {
		return v
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf("%s %q is longer than %d characters; not stored", field, truncate(v, 40), max))
	return ""
}

// rangeOr is err, or the complaint about a range where one number belongs.
func rangeOr(err error, v numberValue) error {
	if err != nil {
		return err
	}
	return &cellError{value: truncate(v.raw, 40), err: errRange}
}

// readMetrics reads the search-performance cells of a row into r and
// returns why one cannot be read ("" when all can). Clicks and impressions
// are counts (thousands separators allowed); CTR (percent, 0–100) and
// position (from 1 down the results, 0 allowed for no data) never have a
// thousands separator, so a lone "." or "," is their decimal mark. When
// the table has clicks and impressions but no CTR column, CTR is computed
// as clicks / impressions × 100 (Bing's export has no CTR).
func readMetrics(r *Row, cell func(string) string) string {
	type metric struct {
		field string
		dst   *float64
		has   *bool
		dec   bool
		max   float64
	}
	for _, m := range []metric{
		{FieldClicks, &r.Clicks, &r.HasClicks, false, 0},
		{FieldImpressions, &r.Impressions, &r.HasImpressions, false, 0},
		{FieldCTR, &r.CTR, &r.HasCTR, true, 100},
		{FieldPosition, &r.Position, &r.HasPosition, true, 0},
	} {
		raw := cell(m.field)
		var v numberValue
		var err error
		if m.dec {
			v, err = parseDecimal(raw)
		} else {
			v, err = parseNumber(raw)
			if err == nil && v.isRange {
				err = rangeOr(nil, v)
			}
		}
		if err != nil {
			return fmt.Sprintf("%s %v", m.field, err)
		}
		if !v.ok {
			continue
		}
		if v.value < 0 {
			return fmt.Sprintf("%s %v is negative", m.field, v.value)
		}
		if m.max > 0 && v.value > m.max {
			return fmt.Sprintf("%s %v is over %v", m.field, v.value, m.max)
		}
		*m.dst, *m.has = v.value, true
	}
	if r.HasClicks && r.HasImpressions && r.Clicks > r.Impressions {
		return fmt.Sprintf("clicks %v are more than impressions %v", r.Clicks, r.Impressions)
	}
	if !r.HasCTR && r.HasClicks && r.HasImpressions && r.Impressions > 0 {
		r.CTR, r.HasCTR = math.Round(r.Clicks/r.Impressions*100*100)/100, true
	}
	return ""
}

// maxPageURL bounds a stored page address.
const maxPageURL = 2000

// cleanPageURL checks a pages table's cell is an http(s) address.
func cleanPageURL(s string) (string, string) {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if s == "" {
		return "", "the page is empty"
	}
	if len(s) > maxPageURL {
		return "", fmt.Sprintf("the page address is longer than %d characters", maxPageURL)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Sprintf("the page %q is not an http(s) address", truncate(s, 80))
	}
	return s, ""
}

// cleanText makes a cell valid UTF-8 with single spaces.
func cleanText(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Normalize is the per-site identity of a keyword: lower case, single spaces,
// no surrounding punctuation. "Best  Espresso Machine" and "best espresso
// machine" are the same keyword.
func Normalize(s string) string {
	s = strings.ToLower(strings.ToValidUTF8(s, ""))
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " \"'`.,;:!?")
}

// lineReader reads physical lines (without the terminator) of at most max bytes.
type lineReader struct {
	br   *bufio.Reader
	max  int
	line int
	buf  []byte
}

func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+2 {
			return nil, fmt.Errorf("%w: line %d is longer than %d bytes (is this a CSV file?)", ErrLineTooLong, l.line+1, l.max)
		}
		l.buf = append(l.buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read line %d: %w", l.line+1, err)
		}
		if errors.Is(err, io.EOF) && len(l.buf) == 0 {
			return nil, io.EOF
		}
		l.line++
		b := bytes.TrimSuffix(l.buf, []byte{'\n'})
		b = bytes.TrimSuffix(b, []byte{'\r'})
		if len(b) > l.max {
			return nil, fmt.Errorf("%w: line %d is longer than %d bytes (is this a CSV file?)", ErrLineTooLong, l.line, l.max)
		}
		return b, nil
	}
}

// splitLimits bound one record: cells kept (later ones must be empty), bytes
// per cell and bytes of the whole record across continuation lines.
type splitLimits struct {
	columns, fieldBytes, recordBytes int
}

// splitRecord splits one CSV record that starts on physical line at. A quoted
// field may continue on the next physical lines, fetched with more (nil: the
// line is the whole record). Quotes inside an unquoted field are literal, and
// text after a closing quote is kept. Only the first lim.columns cells become
// strings; a non-empty cell after them is ErrTooManyColumns (the cells
// before it are returned with the error), a cell over lim.fieldBytes is
// ErrFieldTooLong and a record over lim.recordBytes is ErrLineTooLong, each
// found before more of the record is read.
func splitRecord(line []byte, delim byte, more func() ([]byte, error), lim splitLimits, at int) ([]string, error) {
	var fields []string
	var f []byte
	total := len(line)
	col := 0
	tooLong := func() error {
		return fmt.Errorf("%w: line %d, column %d is longer than %d bytes (unbalanced quote?)", ErrFieldTooLong, at, col+1, lim.fieldBytes)
	}
	i := 0
	for {
		f = f[:0]
		if i < len(line) && line[i] == '"' {
			i++
			for {
				if i >= len(line) {
					if more == nil {
						break
					}
					next, err := more()
					if errors.Is(err, io.EOF) {
						break // an unterminated quote ends with the file
					}
					if err != nil {
						return nil, err
					}
					total += len(next) + 1
					if total > lim.recordBytes {
						return nil, fmt.Errorf("%w: the quoted field starting on line %d runs over more than %d bytes (unbalanced quote?)", ErrLineTooLong, at, lim.recordBytes)
					}
					f = append(f, '\n')
					if len(f) > lim.fieldBytes {
						return nil, tooLong()
					}
					line, i = next, 0
					continue
				}
				if len(f) > lim.fieldBytes {
					return nil, tooLong()
				}
				c := line[i]
				if c == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						f = append(f, '"')
						i += 2
						continue
					}
					i++
					break
				}
				f = append(f, c)
				i++
			}
		}
		j := bytes.IndexByte(line[i:], delim)
		last := j < 0
		if last {
			j = len(line) - i
		}
		if len(f)+j > lim.fieldBytes {
			return nil, tooLong()
		}
		f = append(f, line[i:i+j]...)
		col++
		if col <= lim.columns {
			fields = append(fields, string(f))
		} else if len(bytes.TrimSpace(f)) > 0 {
			return fields, fmt.Errorf("%w: line %d has a value in column %d; at most %d columns are read (is the delimiter right? delete the extra columns or export only the keyword columns)",
				ErrTooManyColumns, at, col, lim.columns)
		}
		if last {
			return fields, nil
		}
		i += j + 1
	}
}
