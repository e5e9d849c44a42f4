package keywordfile

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"unicode/utf8"
)

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
		kw, norm, reason := CleanKeyword(cell(FieldKeyword))
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
